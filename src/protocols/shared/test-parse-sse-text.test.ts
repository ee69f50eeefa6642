import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSseText } from './test-parse-sse-text.js';

describe('parseSseText', () => {
  it('yields one message per event with its name and id, joining data lines and skipping comments', () => {
    const text = ': ping\n\nevent: message_start\ndata: {"a":1}\n\ndata: line 1\ndata: line 2\nid: 7\n\ndata: [DONE]\n\n';
    assert.deepEqual(parseSseText(text), [
      { event: 'message_start', data: '{"a":1}' },
      { id: '7', data: 'line 1\nline 2' },
      { data: '[DONE]' },
    ]);
  });

  it('reads CRLF line ends and leaves an unterminated last event out, as a live parser would', () => {
    assert.deepEqual(parseSseText('data: x\r\n\r\ndata: cut'), [{ data: 'x' }]);
    assert.deepEqual(parseSseText(''), []);
  });
});
