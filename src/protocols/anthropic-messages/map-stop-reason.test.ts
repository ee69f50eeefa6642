import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mapStopReason, renderStopReason } from './map-stop-reason.js';

describe('map-stop-reason', () => {
  it('maps every Anthropic stop_reason, keeping the raw value', () => {
    const table: Array<[string, string]> = [
      ['end_turn', 'stop'],
      ['stop_sequence', 'stop'],
      ['max_tokens', 'length'],
      ['model_context_window_exceeded', 'length'],
      ['tool_use', 'tool-calls'],
      ['refusal', 'content-filter'],
      ['pause_turn', 'other'],
      ['something_new', 'other'],
    ];
    for (const [raw, unified] of table) assert.deepEqual(mapStopReason(raw), { unified, raw });
  });

  it('renders the raw value when it is Anthropic\'s, else the unified reason', () => {
    assert.equal(renderStopReason({ unified: 'other', raw: 'pause_turn' }), 'pause_turn');
    assert.equal(renderStopReason({ unified: 'stop', raw: 'stop_sequence' }), 'stop_sequence');
    assert.equal(renderStopReason({ unified: 'stop', raw: 'stop' }), 'end_turn');
    assert.equal(renderStopReason({ unified: 'length', raw: 'length' }), 'max_tokens');
    assert.equal(renderStopReason({ unified: 'tool-calls', raw: 'tool_calls' }), 'tool_use');
    assert.equal(renderStopReason({ unified: 'content-filter', raw: 'content_filter' }), 'refusal');
    assert.equal(renderStopReason({ unified: 'error' }), 'end_turn');
    assert.equal(renderStopReason(undefined), 'end_turn');
    assert.equal(renderStopReason({ unified: 'stop', raw: 'stop' }, true), 'tool_use');
    assert.equal(renderStopReason({ unified: 'length', raw: 'length' }, true), 'max_tokens');
    // An OpenAI-compatible upstream that named the matched sequence.
    assert.equal(renderStopReason({ unified: 'stop', raw: 'stop', stopSequence: '###' }), 'stop_sequence');
  });
});
