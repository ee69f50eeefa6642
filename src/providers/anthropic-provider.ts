import type { ChatRequest } from '../core/chat-request.js';
import type { Part } from '../core/part.js';
import { anthropicMessages } from '../protocols/anthropic-messages/index.js';
import type { ClientHeaders, ProviderAdapter } from './provider-adapter.js';

const DEFAULT_VERSION = '2023-06-01';
/** api.md §7: OpenAI-protocol calls get a cache breakpoint on a system prompt this long. */
const AUTO_CACHE_SYSTEM_CHARS = 3000;

/**
 * The Anthropic Messages API: `{base_url}/v1/messages` with `x-api-key` and
 * `anthropic-version` (the client's, else 2023-06-01); `anthropic-beta` is forwarded.
 */
export const anthropicProvider: ProviderAdapter = {
  protocol: anthropicMessages,
  buildRequest(req, { target, provider, clientHeaders, clientProtocol, defaultMaxTokens }) {
    const patched = clientProtocol === 'anthropic' ? req : withSystemCacheBreakpoint(req);
    const { body, warnings } = anthropicMessages.renderRequest(patched, { model: target.model, defaultMaxTokens });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: req.stream ? 'text/event-stream' : 'application/json',
      'anthropic-version': header(clientHeaders, 'anthropic-version') ?? DEFAULT_VERSION,
      ...provider.headers,
    };
    const beta = header(clientHeaders, 'anthropic-beta');
    if (beta) headers['anthropic-beta'] = beta;
    if (provider.apiKey) headers['x-api-key'] = provider.apiKey;
    return { url: `${provider.baseUrl}/v1/messages`, headers, body: JSON.stringify(body), warnings };
  },
};

function header(h: ClientHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/**
 * Marks a long system prompt as a prompt-cache breakpoint (ephemeral) unless the request
 * already placed breakpoints: OpenAI clients cannot ask for it themselves.
 */
function withSystemCacheBreakpoint(req: ChatRequest): ChatRequest {
  const system = req.messages.filter((m) => m.role === 'system');
  const length = system.reduce((n, m) => n + m.content.reduce((k, p) => k + (p.type === 'text' ? p.text.length : 0), 0), 0);
  if (length < AUTO_CACHE_SYSTEM_CHARS) return req;
  if (req.messages.some((m) => m.content.some((p) => 'cacheControl' in p && p.cacheControl))) return req;
  const last = system[system.length - 1];
  const lastText = [...last.content].reverse().find((p) => p.type === 'text');
  const messages = req.messages.map((m) =>
    m !== last ? m : { ...m, content: m.content.map((p): Part => (p === lastText ? { ...p, cacheControl: { type: 'ephemeral' } } : p)) },
  );
  return { ...req, messages };
}
