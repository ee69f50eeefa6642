import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeReasoning, encodeReasoning } from './map-reasoning.js';

describe('openai-responses map-reasoning', () => {
  it('round-trips signed and redacted thinking, and leaves plain reasoning alone', () => {
    const signed = { text: 'Let me think… "quoted" ✓', signature: 'EqQBCkYIBxgCKkD==' };
    assert.deepEqual(decodeReasoning(encodeReasoning(signed) ?? ''), signed);
    assert.deepEqual(decodeReasoning(encodeReasoning({ text: '', redactedData: 'opaque' }) ?? ''), { text: '', redactedData: 'opaque' });
    assert.equal(encodeReasoning({ text: 'plain' }), undefined);
  });

  it("never takes OpenAI's own encrypted content or a damaged envelope for the gateway's", () => {
    assert.equal(decodeReasoning('gAAAAABpPDIUph8czEXzDePCV2lJ27wm7TsbCvazrvHSn0yWitN7RGWq8sjrPtfEYNkSVR8GZzB59nmPMV9'), undefined);
    assert.equal(decodeReasoning('chuizi.thinking.v1.!!!not-base64'), undefined);
    assert.equal(decodeReasoning(`chuizi.thinking.v1.${Buffer.from('{"text":1}').toString('base64url')}`), undefined);
  });
});
