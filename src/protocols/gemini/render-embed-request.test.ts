import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EmbeddingRequest } from '../../core/index.js';
import { renderEmbedRequest } from './render-embed-request.js';

const req = (texts: string[], dimensions?: number): EmbeddingRequest => ({ model: 'google/gemini-embedding-001', input: { type: 'text', texts }, encodingFormat: 'float', dimensions });

describe('gemini renderEmbedRequest', () => {
  it('sends one input to embedContent, with outputDimensionality', () => {
    assert.deepEqual(renderEmbedRequest(req(['hi'], 256), ['hi'], 'gemini-embedding-001'), [
      { method: 'embedContent', body: { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'hi' }] }, outputDimensionality: 256 } },
    ]);
  });

  it('splits more inputs into batchEmbedContents calls of at most 100, in order', () => {
    const texts = Array.from({ length: 201 }, (_, i) => `t${i}`);
    const calls = renderEmbedRequest(req(texts), texts, 'm');
    assert.deepEqual(calls.map((c) => [c.method, (c.body.requests as unknown[]).length]), [['batchEmbedContents', 100], ['batchEmbedContents', 100], ['batchEmbedContents', 1]]);
    assert.deepEqual((calls[2].body.requests as unknown[])[0], { model: 'models/m', content: { parts: [{ text: 't200' }] } });
  });
});
