import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/index.js';
import { parseEmbedResponse } from './parse-embed-response.js';

describe('gemini parseEmbedResponse', () => {
  it('reads embedContent and batchEmbedContents answers in call order, with no usage (the Gemini API reports none)', () => {
    const r = parseEmbedResponse([{ embeddings: [{ values: [1, 2] }, { values: [3] }] }, { embedding: { values: [4] } }]);
    assert.deepEqual(r.embeddings, [{ type: 'float', values: [1, 2] }, { type: 'float', values: [3] }, { type: 'float', values: [4] }]);
    assert.equal(r.usage.inputTokens, undefined);
  });

  it('sums promptTokenCount only when every answer reports it', () => {
    assert.equal(parseEmbedResponse([{ embedding: { values: [1] }, usageMetadata: { promptTokenCount: 3 } }, { embedding: { values: [1] }, usageMetadata: { promptTokenCount: 4 } }]).usage.inputTokens, 7);
    assert.equal(parseEmbedResponse([{ embedding: { values: [1] }, usageMetadata: { promptTokenCount: 3 } }, { embedding: { values: [1] } }]).usage.inputTokens, undefined);
  });

  it('rejects answers without float values as provider errors', () => {
    for (const body of [null, {}, { embedding: {} }, { embeddings: [{ values: ['x'] }] }]) {
      assert.throws(() => parseEmbedResponse([body]), (e: unknown) => e instanceof GatewayError && e.reason === 'provider_error');
    }
  });
});
