import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../core/gateway-error.js';

/** Reads the whole request body, refusing more than `limit` bytes (413) without buffering it. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (!failed) {
        failed = true;
        reject(new GatewayError('validation_error', 'The request body could not be read', { detail: String(err) }));
      }
    });
  });
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError('payload_too_large', `Request body is too large: the limit is ${limit} bytes`);
}

/**
 * Parses a JSON request body. Content-Type, when given, must be JSON; the body must be a
 * JSON object. Errors name the problem (400).
 */
export function parseJsonBody(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type.trim())) {
    throw new GatewayError('validation_error', `Unsupported Content-Type '${type.slice(0, 100)}': send application/json`, { param: 'content-type' });
  }
  if (body.length === 0) throw new GatewayError('validation_error', 'The request body is empty: expected a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new GatewayError('validation_error', `The request body is not valid JSON: ${(err as Error).message.slice(0, 200)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new GatewayError('validation_error', `The request body must be a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value as Record<string, unknown>;
}
