/** Host-name endings recognised as hosts (a bare `a.b` is more often a field path like `messages.content`). */
const HOST_ENDINGS = 'com|net|org|io|ai|dev|app|cloud|internal|local|localdomain|lan|corp|intra|svc|cluster|cn|co|us|eu|uk|de|jp|fr';

const RULES: Array<[RegExp, string]> = [
  // URLs of any scheme, up to whitespace or a closing quote/bracket.
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)\]]+/gi, '[url]'],
  // Key-like tokens: vendor key prefixes, bearer tokens, long opaque ids mixing letters and digits.
  [/\b(?:sk|pk|rk|ck|cka|ak|key|api|sess|token|bearer)[-_][A-Za-z0-9_-]{6,}/gi, '[redacted]'],
  [/\bBearer\s+\S+/g, 'Bearer [redacted]'],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, '[redacted]'],
  // Organisation / project / workspace / account ids (org-…, proj_…, project-…).
  [/\b(?:org|organization|proj|project|workspace|acct|user)[-_][A-Za-z0-9_-]+/gi, '[id]'],
  // IPv4 (with port) and IPv6 addresses.
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '[ip]'],
  [/(?<![\w:])(?=[0-9a-f:]*\d)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])/gi, '[ip]'],
  // Host names with a recognised ending, and localhost.
  [new RegExp(`\\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${HOST_ENDINGS})(?::\\d+)?\\b`, 'gi'), '[host]'],
  [/\blocalhost(?::\d+)?\b/gi, '[host]'],
  // UUIDs. (Other long ids stay: a tool-use id or a field path the client sent is what it needs to see.)
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '[id]'],
];

/**
 * An upstream's error message made fit for the client (api.md §4): URLs, host names, IP
 * addresses, key-like tokens and organisation/project ids are replaced by placeholders.
 * What is left describes the client's own request.
 */
export function scrubUpstreamMessage(message: string): string {
  let out = message;
  for (const [re, to] of RULES) out = out.replace(re, to);
  return out;
}
