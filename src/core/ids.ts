import { randomBytes } from 'node:crypto';

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** n random characters of [A-Za-z0-9] from a CSPRNG, without modulo bias. */
export function randomAlphanumeric(n: number): string {
  let out = '';
  while (out.length < n) {
    const buf = randomBytes(n * 2);
    for (let i = 0; i < buf.length && out.length < n; i++) {
      const b = buf[i];
      if (b < 248) out += ALPHANUM[b % 62];
    }
  }
  return out;
}

/** `gen-` + 24 random alphanumerics. */
export function newGenerationId(): string {
  return `gen-${randomAlphanumeric(24)}`;
}

/** A fresh request id, when the client sent none. */
export function newRequestId(): string {
  return `req-${randomAlphanumeric(20)}`;
}
