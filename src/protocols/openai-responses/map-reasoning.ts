import type { ReasoningPart } from '../../core/index.js';
import { isRecord } from '../shared/is-record.js';

/**
 * Reasoning another vendor signed (Anthropic thinking and its `signature`, or redacted thinking)
 * rides in a Responses reasoning item's `encrypted_content`, which clients such as Codex send back
 * verbatim on the next turn: the thinking then reaches Anthropic again intact, as it requires
 * before a tool result. The gateway's own envelope: this prefix, then base64url JSON — opaque to
 * the client like OpenAI's own, and never confused with it.
 */
const PREFIX = 'chuizi.thinking.v1.';

/** The `encrypted_content` carrying a signed or redacted reasoning part, or undefined for plain reasoning. */
export function encodeReasoning(part: Pick<ReasoningPart, 'text' | 'signature' | 'redactedData'>): string | undefined {
  if (part.redactedData !== undefined) return PREFIX + Buffer.from(JSON.stringify({ redacted: part.redactedData })).toString('base64url');
  if (part.signature !== undefined) return PREFIX + Buffer.from(JSON.stringify({ text: part.text, signature: part.signature })).toString('base64url');
  return undefined;
}

/** The signed or redacted reasoning an `encrypted_content` of the gateway's carries, or undefined (OpenAI's own, or not the gateway's). */
export function decodeReasoning(encrypted: string): Pick<ReasoningPart, 'text' | 'signature' | 'redactedData'> | undefined {
  if (!encrypted.startsWith(PREFIX)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encrypted.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  if (typeof parsed.redacted === 'string') return { text: '', redactedData: parsed.redacted };
  if (typeof parsed.text === 'string' && typeof parsed.signature === 'string') return { text: parsed.text, signature: parsed.signature };
  return undefined;
}
