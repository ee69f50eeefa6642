import type { EmbeddingVector } from '../../core/index.js';

/**
 * A vector in the encoding the client asked for: floats as a JSON array, or base64 of the
 * little-endian float32 bytes (what OpenAI sends for `encoding_format: "base64"`, and what the
 * `openai` SDKs ask for by default). Converts when the upstream sent the other one.
 */
export function convertEmbedding(v: EmbeddingVector, format: 'float' | 'base64'): number[] | string {
  if (format === 'base64') return v.type === 'base64' ? v.data : floatsToBase64(v.values);
  return v.type === 'float' ? v.values : base64ToFloats(v.data);
}

export function floatsToBase64(values: readonly number[]): string {
  const buf = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) buf.writeFloatLE(values[i], i * 4);
  return buf.toString('base64');
}

export function base64ToFloats(data: string): number[] {
  const buf = Buffer.from(data, 'base64');
  const out = new Array<number>(buf.length >> 2);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}
