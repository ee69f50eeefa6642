import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUnreachable } from './pg-db.js';

const withCode = (message: string, code?: string) => Object.assign(new Error(message), code === undefined ? {} : { code });

describe('isUnreachable', () => {
  it('is true for socket errors, lost connections, timeouts and the server shutting down', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']) assert.equal(isUnreachable(withCode('x', code)), true, code);
    for (const code of ['08006', '08001', '57P01', '57P02', '57P03']) assert.equal(isUnreachable(withCode('server', code)), true, code);
    for (const msg of ['Connection terminated unexpectedly', 'timeout exceeded when trying to connect', 'Query read timeout']) assert.equal(isUnreachable(withCode(msg)), true, msg);
  });

  it('is false for answers of a reachable server: constraints, bad SQL, a deadlock, anything else', () => {
    for (const code of ['23505', '23503', '42P01', '40P01', '22003', 'P0001']) assert.equal(isUnreachable(withCode('answer', code)), false, code);
    assert.equal(isUnreachable(new Error('hold id already used')), false);
    assert.equal(isUnreachable('a string'), false);
  });
});
