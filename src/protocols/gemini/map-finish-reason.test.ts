import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mapFinishReason, renderFinishReason } from './map-finish-reason.js';

describe('gemini finish reasons', () => {
  it('maps names and enum numbers, STOP after function calls as tool-calls', () => {
    assert.deepEqual(mapFinishReason('STOP'), { unified: 'stop', raw: 'STOP' });
    assert.deepEqual(mapFinishReason('STOP', true), { unified: 'tool-calls', raw: 'STOP' });
    assert.deepEqual(mapFinishReason('MAX_TOKENS'), { unified: 'length', raw: 'MAX_TOKENS' });
    assert.deepEqual(mapFinishReason(1), { unified: 'stop', raw: 'STOP' });
    assert.deepEqual(mapFinishReason(2), { unified: 'length', raw: 'MAX_TOKENS' });
    for (const r of ['SAFETY', 'RECITATION', 'PROHIBITED_CONTENT', 'SPII', 'BLOCKLIST']) assert.equal(mapFinishReason(r).unified, 'content-filter', r);
    assert.equal(mapFinishReason('MALFORMED_FUNCTION_CALL').unified, 'error');
    assert.equal(mapFinishReason('SOMETHING_NEW').unified, 'other');
  });

  it('renders Gemini names, keeping a Gemini raw name that agrees', () => {
    assert.equal(renderFinishReason({ unified: 'stop', raw: 'stop' }), 'STOP');
    assert.equal(renderFinishReason({ unified: 'tool-calls', raw: 'tool_calls' }), 'STOP');
    assert.equal(renderFinishReason({ unified: 'length', raw: 'max_tokens' }), 'MAX_TOKENS');
    assert.equal(renderFinishReason({ unified: 'content-filter', raw: 'RECITATION' }), 'RECITATION');
    assert.equal(renderFinishReason({ unified: 'content-filter', raw: 'refusal' }), 'SAFETY');
    assert.equal(renderFinishReason({ unified: 'other', raw: 'pause_turn' }), 'OTHER');
    assert.equal(renderFinishReason(undefined), 'STOP');
  });
});
