/* A test helper (not a test file itself): reads recorded HTTP exchanges. */
import assert from 'node:assert/strict';

/** One exchange of an httprr trace, split into its parts (bodies as text). */
export interface HttprrExchange {
  /** `POST https://… HTTP/1.1` */
  requestLine: string;
  requestBody: string;
  status: number;
  /** Response headers, names lower-cased. */
  headers: Record<string, string>;
  responseBody: string;
}

/**
 * An httprr v1 trace (langchaingo's recordings): line 1 is `httprr trace v1`, line 2 the request
 * and response byte counts, then the raw request and the raw response, back to back.
 */
export function readHttprr(bytes: Buffer): HttprrExchange {
  const firstNl = bytes.indexOf(0x0a);
  const secondNl = bytes.indexOf(0x0a, firstNl + 1);
  assert.equal(bytes.subarray(0, firstNl).toString(), 'httprr trace v1');
  const [reqLen, resLen] = bytes.subarray(firstNl + 1, secondNl).toString().split(' ').map(Number);
  const request = bytes.subarray(secondNl + 1, secondNl + 1 + reqLen).toString('utf8');
  const response = bytes.subarray(secondNl + 1 + reqLen, secondNl + 1 + reqLen + resLen).toString('utf8');
  assert.equal(secondNl + 1 + reqLen + resLen, bytes.length);
  const split = (raw: string) => {
    const at = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
    return { head: raw.slice(0, at).split(/\r?\n/), body: raw.slice(at + (raw.startsWith('\r\n', at) ? 4 : 2)) };
  };
  const req = split(request);
  const res = split(response);
  const headers: Record<string, string> = {};
  for (const line of res.head.slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { requestLine: req.head[0], requestBody: req.body, status: Number(res.head[0].split(' ')[1]), headers, responseBody: res.body };
}
