import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * A constant-time check of `Authorization: Bearer <token>` against the SHA-256 (hex) of the
 * expected token. A model-API key (`ck-…`) is never accepted.
 */
export function bearerTokenCheck(tokenSha256: string): (header: string | undefined) => boolean {
  const expected = Buffer.from(tokenSha256, 'hex');
  return (header) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!m || expected.length !== 32 || m[1].startsWith('ck-')) return false;
    return timingSafeEqual(createHash('sha256').update(m[1]).digest(), expected);
  };
}
