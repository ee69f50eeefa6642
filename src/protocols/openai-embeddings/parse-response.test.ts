import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/index.js';
import { parseResponse } from './parse-response.js';

describe('openai-embeddings parseResponse', () => {
  it('orders vectors by index and reads prompt_tokens', () => {
    const r = parseResponse({
      object: 'list', model: 'text-embedding-3-small',
      data: [{ object: 'embedding', index: 1, embedding: 'AACAPw==' }, { object: 'embedding', index: 0, embedding: [0.5, -0.25] }],
      usage: { prompt_tokens: 8, total_tokens: 8 },
    });
    assert.deepEqual(r.embeddings, [{ type: 'float', values: [0.5, -0.25] }, { type: 'base64', data: 'AACAPw==' }]);
    assert.equal(r.usage.inputTokens, 8);
    assert.equal(r.usage.outputTokens, 0);
    assert.equal(r.upstreamModel, 'text-embedding-3-small');
  });

  it('leaves usage undefined when none is reported (never an invented 0)', () => {
    assert.equal(parseResponse({ data: [{ embedding: [1] }] }).usage.inputTokens, undefined);
    assert.equal(parseResponse({ data: [{ embedding: [1] }], usage: { prompt_tokens: -1 } }).usage.inputTokens, undefined);
  });

  it('rejects answers that are not a list of vectors as provider errors', () => {
    for (const body of [null, {}, { data: 'x' }, { data: [{ embedding: ['a'] }] }, { data: [{ embedding: [1], index: 3 }] }, { data: [{ embedding: [Number.NaN] }] }]) {
      assert.throws(() => parseResponse(body), (e: unknown) => e instanceof GatewayError && e.reason === 'provider_error');
    }
  });
});
