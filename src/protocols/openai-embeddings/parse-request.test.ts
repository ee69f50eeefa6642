import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/index.js';
import { parseRequest } from './parse-request.js';

describe('openai-embeddings parseRequest', () => {
  it('reads each input shape', () => {
    assert.deepEqual(parseRequest({ model: 'm', input: 'a' }).input, { type: 'text', texts: ['a'] });
    assert.deepEqual(parseRequest({ model: 'm', input: ['a', 'b'] }).input, { type: 'text', texts: ['a', 'b'] });
    assert.deepEqual(parseRequest({ model: 'm', input: [1, 2] }).input, { type: 'tokens', tokens: [[1, 2]] });
    assert.deepEqual(parseRequest({ model: 'm', input: [[1], [2, 3]] }).input, { type: 'tokens', tokens: [[1], [2, 3]] });
  });

  it('reads dimensions, encoding (float by default), user; nulls are absent; unknown fields are kept', () => {
    const r = parseRequest({ model: 'm', input: 'a', dimensions: 64, encoding_format: 'base64', user: 'u', input_type: 'query' });
    assert.equal(r.dimensions, 64);
    assert.equal(r.encodingFormat, 'base64');
    assert.equal(r.user, 'u');
    assert.deepEqual(r.extensions, { protocol: 'openai', fields: { input_type: 'query' } });
    const d = parseRequest({ model: 'm', input: 'a', dimensions: null, encoding_format: null });
    assert.equal(d.encodingFormat, 'float');
    assert.equal(d.dimensions, undefined);
    assert.equal(d.extensions, undefined);
  });

  it('rejects bad input with a validation error naming the field', () => {
    const bad: Array<[unknown, string]> = [
      [{ model: 'm' }, 'input'],
      [{ model: 'm', input: '' }, 'input'],
      [{ model: 'm', input: [] }, 'input'],
      [{ model: 'm', input: ['a', 2] }, 'input[1]'],
      [{ model: 'm', input: [[1], [2 ** 24]] }, 'input[1][0]'],
      [{ model: 'm', input: [true] }, 'input[0]'],
      [{ model: 'm', input: Array(2049).fill('a') }, 'input'],
      [{ model: '', input: 'a' }, 'model'],
      [{ model: 'm', input: 'a', dimensions: 1.5 }, 'dimensions'],
      [{ model: 'm', input: 'a', user: 5 }, 'user'],
    ];
    for (const [body, param] of bad) {
      assert.throws(() => parseRequest(body), (e: unknown) => e instanceof GatewayError && e.reason === 'validation_error' && e.param === param, JSON.stringify(body).slice(0, 80));
    }
  });

  it('accepts 2048 inputs and a long token array', () => {
    assert.equal(parseRequest({ model: 'm', input: Array(2048).fill('a') }).input.type, 'text');
    assert.equal(parseRequest({ model: 'm', input: Array(10_000).fill(7) }).input.type, 'tokens');
  });

  it('refuses token inputs past 300,000 tokens in all, before validating every id', () => {
    assert.equal(parseRequest({ model: 'm', input: [Array(150_000).fill(7), Array(150_000).fill(7)] }).input.type, 'tokens');
    const refused = (input: unknown, param: string, count: RegExp) =>
      assert.throws(() => parseRequest({ model: 'm', input }), (e: unknown) => e instanceof GatewayError && e.status === 400 && e.param === param && count.test(e.message));
    refused([Array(150_000).fill(7), Array(150_001).fill(7)], 'input', /at most 300000 tokens summed over its inputs, got 300001/);
    refused(Array(2_000_000).fill(7), 'input', /at most 300000 tokens, got 2000000/);
    refused([[1], Array(300_001).fill(7)], 'input[1]', /at most 300000 tokens, got 300001/);
  });
});
