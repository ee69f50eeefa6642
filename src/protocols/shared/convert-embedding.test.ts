import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { base64ToFloats, convertEmbedding, floatsToBase64 } from './convert-embedding.js';

describe('convertEmbedding', () => {
  it('encodes floats as base64 of little-endian float32, as OpenAI does', () => {
    // 1.0f = 00 00 80 3f; -2.0f = 00 00 00 c0
    assert.equal(floatsToBase64([1, -2]), Buffer.from([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]).toString('base64'));
    assert.deepEqual(base64ToFloats(floatsToBase64([1, -2, 0.5])), [1, -2, 0.5]);
  });

  it('converts only when the encodings differ', () => {
    assert.deepEqual(convertEmbedding({ type: 'float', values: [0.25] }, 'float'), [0.25]);
    assert.equal(convertEmbedding({ type: 'base64', data: 'AACAPw==' }, 'base64'), 'AACAPw==');
    assert.deepEqual(convertEmbedding({ type: 'base64', data: 'AACAPw==' }, 'float'), [1]);
    assert.equal(convertEmbedding({ type: 'float', values: [1] }, 'base64'), 'AACAPw==');
  });

  it('rounds floats to float32 on the way to base64', () => {
    assert.deepEqual(base64ToFloats(floatsToBase64([0.1])), [Math.fround(0.1)]);
  });
});
