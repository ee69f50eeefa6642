import type { Protocol } from '../protocols/shared/protocol.js';
import { openaiChat } from '../protocols/openai-chat/index.js';
import { anthropicMessages } from '../protocols/anthropic-messages/index.js';
import { openaiResponses } from '../protocols/openai-responses/index.js';
import { gemini } from '../protocols/gemini/index.js';
import type { ErrorRenderer } from './exchange.js';

/**
 * The path prefix of each front door and the protocol it speaks: every answer under a prefix —
 * errors included, from a 401 to a 408 for a slow body — is in that protocol's envelope. The
 * longest matching prefix wins; any other path speaks OpenAI's.
 */
export const FRONT_DOORS: ReadonlyArray<{ prefix: string; protocol: Protocol }> = [
  { prefix: '/anthropic', protocol: anthropicMessages },
  { prefix: '/gemini', protocol: gemini },
  { prefix: '/v1', protocol: openaiChat },
  { prefix: '/v1/responses', protocol: openaiResponses },
];

const DEFAULT_PROTOCOL: Protocol = openaiChat;

/** The protocol of a path: its front door's (longest prefix, on a segment boundary), else OpenAI's. */
export function protocolForPath(path: string): Protocol {
  let best: { prefix: string; protocol: Protocol } | undefined;
  for (const door of FRONT_DOORS) {
    if (path !== door.prefix && !path.startsWith(`${door.prefix}/`)) continue;
    if (!best || door.prefix.length > best.prefix.length) best = door;
  }
  return best?.protocol ?? DEFAULT_PROTOCOL;
}

/** The error envelope of a path: its protocol's. */
export function errorRendererFor(path: string): ErrorRenderer {
  return protocolForPath(path).renderError;
}
