import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { GatewayError, type EmbeddingRequest } from '../core/index.js';
import { MOCK_EMBED_DIMENSIONS, mockEmbed } from './mock-embeddings.js';

const req = (input: EmbeddingRequest['input'], dimensions?: number): EmbeddingRequest => ({ model: 'mock/embed', input, dimensions, encodingFormat: 'float' });

describe('mock/embed', () => {
  it('embeds each input as a deterministic unit vector, equal inputs equally, with cl100k usage', async () => {
    const r = await mockEmbed(req({ type: 'text', texts: ['alpha beta', 'gamma', 'alpha beta'] }));
    assert.equal(r.embeddings.length, 3);
    const [a, b, c] = r.embeddings.map((e) => (e.type === 'float' ? e.values : []));
    assert.equal(a.length, MOCK_EMBED_DIMENSIONS);
    assert.deepEqual(a, c);
    assert.notDeepEqual(a, b);
    assert.ok(Math.abs(Math.hypot(...a) - 1) < 1e-5);
    assert.equal(r.usage.inputTokens, 2 * countTokens('alpha beta') + countTokens('gamma'));
    assert.deepEqual(await mockEmbed(req({ type: 'text', texts: ['alpha beta'] })).then((x) => x.embeddings[0]), r.embeddings[0], 'the same across calls');
  });

  it('counts token inputs by their length and honours dimensions up to 3072', async () => {
    const r = await mockEmbed(req({ type: 'tokens', tokens: [[1, 2, 3], [4]] }, 12));
    assert.equal(r.usage.inputTokens, 4);
    assert.equal(r.embeddings[0].type === 'float' && r.embeddings[0].values.length, 12);
    await assert.rejects(mockEmbed(req({ type: 'text', texts: ['x'] }, 3073)), (e: unknown) => e instanceof GatewayError && e.param === 'dimensions');
  });
});
