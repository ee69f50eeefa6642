/** A base64 data: URL split into its media type and payload. */
export interface DataUrl {
  mediaType: string;
  data: string;
}

const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*);base64,([\s\S]*)$/i;

/**
 * Parses `data:<media type>[;param...];base64,<data>`. Returns undefined for anything else,
 * including data: URLs that are not base64 (no canonical part can carry those).
 */
export function parseDataUrl(url: string): DataUrl | undefined {
  const m = DATA_URL.exec(url);
  if (!m) return undefined;
  return { mediaType: m[1] || 'application/octet-stream', data: m[3] };
}

/** Builds a base64 data: URL. */
export function toDataUrl(mediaType: string | undefined, data: string): string {
  return `data:${mediaType ?? 'application/octet-stream'};base64,${data}`;
}

/** True for http(s) URLs and base64 data: URLs, the two forms OpenAI accepts for images. */
export function isHttpOrDataUrl(url: string): boolean {
  return /^https?:\/\/\S+$/i.test(url) || parseDataUrl(url) !== undefined;
}
