/** Response headers as an HTTP client gives them: any case, a value or several. */
export type HeaderRecord = Record<string, string | string[] | undefined>;

/**
 * A header's value as a positive decimal number (`retry-after: 2.5` → 2.5), or undefined when
 * the header is absent, not a plain decimal (an HTTP date, junk) or not above 0. The name is
 * matched case-insensitively; of a repeated header the first value counts.
 */
export function readPositiveHeader(headers: HeaderRecord | undefined, name: string): number | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    const v = Array.isArray(value) ? value[0] : value;
    if (v === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(v)) return undefined;
    const n = Number(v);
    return Number.isFinite(n) && n > 0 ? n : undefined;
  }
  return undefined;
}
