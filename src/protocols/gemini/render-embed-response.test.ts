import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderEmbedResponse } from './render-embed-response.js';

describe('gemini renderEmbedResponse', () => {
  it('answers embedContent with one embedding and batchEmbedContents with the list, always as floats', () => {
    const res = { embeddings: [{ type: 'float' as const, values: [0.5] }, { type: 'base64' as const, data: 'AACAPw==' }], usage: { inputTokens: 3 } };
    assert.deepEqual(renderEmbedResponse(res, true), { embeddings: [{ values: [0.5] }, { values: [1] }] });
    assert.deepEqual(renderEmbedResponse({ ...res, embeddings: [res.embeddings[1]] }, false), { embedding: { values: [1] } });
  });
});
