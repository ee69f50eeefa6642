import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/index.js';
import { parseEmbedRequest } from './parse-embed-request.js';

const text = (t: string) => ({ parts: [{ text: t }] });

describe('gemini parseEmbedRequest', () => {
  it('reads embedContent: the content\'s text parts joined, outputDimensionality, the path\'s model', () => {
    const r = parseEmbedRequest({ content: { parts: [{ text: 'hello ' }, { text: 'world' }] }, outputDimensionality: 64 }, { model: 'models/gemini-embedding-001', batch: false });
    assert.deepEqual(r, { model: 'gemini-embedding-001', input: { type: 'text', texts: ['hello world'] }, encodingFormat: 'float', dimensions: 64 });
  });

  it('reads batchEmbedContents as @google/genai sends it, keeping taskType and title per input', () => {
    const r = parseEmbedRequest({ requests: [{ model: 'models/m', content: text('a'), taskType: 'RETRIEVAL_DOCUMENT', title: 'Doc' }, { model: 'models/m', content: text('b') }] }, { model: 'google/m', batch: true });
    assert.equal(r.model, 'google/m');
    assert.deepEqual(r.input, { type: 'text', texts: ['a', 'b'] });
    assert.deepEqual(r.extensions, { protocol: 'gemini', fields: { perInput: [{ taskType: 'RETRIEVAL_DOCUMENT', title: 'Doc' }, {}] } });
  });

  it('rejects what cannot be embedded with a validation error naming the field', () => {
    const bad: Array<[unknown, boolean, string]> = [
      [[], false, ''],
      [{}, false, 'content'],
      [{ content: { parts: [] } }, false, 'content'],
      [{ content: { parts: [{ inlineData: { mimeType: 'image/png', data: 'AA==' } }] } }, false, 'content.parts[0]'],
      [{ content: text('a'), outputDimensionality: 0 }, false, 'outputDimensionality'],
      [{ content: text('a'), taskType: 3 }, false, 'taskType'],
      [{}, true, 'requests'],
      [{ requests: [] }, true, 'requests'],
      [{ requests: [{ content: text('a') }, 'b'] }, true, 'requests[1]'],
      [{ requests: [{ content: text('a'), outputDimensionality: 8 }, { content: text('b') }] }, true, 'requests[1].outputDimensionality'],
      [{ requests: Array(2049).fill({ content: text('a') }) }, true, 'requests'],
    ];
    for (const [body, batch, param] of bad) {
      assert.throws(() => parseEmbedRequest(body, { model: 'm', batch }), (e: unknown) => e instanceof GatewayError && e.reason === 'validation_error' && (e.param ?? '') === param, JSON.stringify(body).slice(0, 80));
    }
  });
});
