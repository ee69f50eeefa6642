/** Upstream messages can be long (HTML pages); keep what a log line or a 400 message needs. */
const MAX_MESSAGE = 1000;

/**
 * The error message of an upstream error body, trimmed and cut to 1000 characters, or undefined
 * when the body is not JSON (HTML from a proxy, an empty or truncated body) or has no message.
 * `extract` reads the message from the protocol's own error shape.
 */
export function readErrorMessage(bodyText: string, extract: (body: unknown) => string | undefined): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  const message = extract(parsed)?.trim();
  if (!message) return undefined;
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
}
