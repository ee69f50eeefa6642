import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mapFinishReason, renderFinishReason } from './map-finish-reason.js';

describe('mapFinishReason / renderFinishReason', () => {
  it('maps OpenAI finish reasons and keeps the raw value', () => {
    assert.deepEqual(mapFinishReason('stop'), { unified: 'stop', raw: 'stop' });
    assert.deepEqual(mapFinishReason('length'), { unified: 'length', raw: 'length' });
    assert.deepEqual(mapFinishReason('tool_calls'), { unified: 'tool-calls', raw: 'tool_calls' });
    assert.deepEqual(mapFinishReason('function_call'), { unified: 'tool-calls', raw: 'function_call' });
    assert.deepEqual(mapFinishReason('content_filter'), { unified: 'content-filter', raw: 'content_filter' });
    assert.deepEqual(mapFinishReason('eos'), { unified: 'other', raw: 'eos' });
  });

  it('keeps the stop sequence a vLLM-style server names in stop_reason, only for a stop', () => {
    assert.deepEqual(mapFinishReason('stop', '###'), { unified: 'stop', raw: 'stop', stopSequence: '###' });
    assert.deepEqual(mapFinishReason('stop', null), { unified: 'stop', raw: 'stop' });
    assert.deepEqual(mapFinishReason('length', '###'), { unified: 'length', raw: 'length' });
  });

  it('renders back, preferring an OpenAI raw value', () => {
    assert.equal(renderFinishReason({ unified: 'tool-calls', raw: 'function_call' }), 'function_call');
    assert.equal(renderFinishReason({ unified: 'tool-calls', raw: 'tool_use' }), 'tool_calls');
    assert.equal(renderFinishReason({ unified: 'length', raw: 'MAX_TOKENS' }), 'length');
    assert.equal(renderFinishReason({ unified: 'content-filter' }), 'content_filter');
    assert.equal(renderFinishReason({ unified: 'error' }), 'stop');
    assert.equal(renderFinishReason({ unified: 'other', raw: 'pause_turn' }), 'stop');
  });
});
