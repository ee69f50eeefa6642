import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from '../../core/index.js';
import { renderMessages, turnJson } from './render-messages.js';

const text = (t: string) => ({ type: 'text' as const, text: t });

describe('renderMessages', () => {
  it('lifts system messages, merges same-role turns and puts tool results first in a user turn', () => {
    const messages: Message[] = [
      { role: 'system', content: [text('a'), { type: 'text', text: 'b', cacheControl: { type: 'ephemeral' } }] },
      { role: 'user', content: [text('q1')] },
      { role: 'user', content: [text('q2')] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'c1', name: 'f', arguments: '{}' }] },
      { role: 'user', content: [text('note')] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', content: [text('r')] }] },
      { role: 'system', content: [text('late')] },
      { role: 'assistant', content: [text('')] },
      { role: 'assistant', content: [text('done')] },
    ];
    const warnings: string[] = [];
    const { system, turns } = renderMessages(messages, warnings);
    assert.deepEqual(system, [
      { type: 'text', text: 'a' },
      { type: 'text', text: 'b', cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'late' },
    ]);
    assert.deepEqual(turns.map(turnJson), [
      { role: 'user', content: [text('q1'), text('q2')] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'c1', name: 'f', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c1', content: 'r' }, text('note')] },
      { role: 'assistant', content: 'done' },
    ]);
    assert.deepEqual(warnings, []);
  });

  it('skips a turn left empty and merges its neighbours', () => {
    const { turns } = renderMessages(
      [
        { role: 'user', content: [text('a')] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'unsigned' }] },
        { role: 'user', content: [text('b')] },
      ],
      [],
    );
    assert.deepEqual(turns.map(turnJson), [{ role: 'user', content: [text('a'), text('b')] }]);
  });

  it('sends a request of system messages alone as the user turn, since Anthropic requires one (envoy chat-detailed-usage)', () => {
    const warnings: string[] = [];
    const { system, turns } = renderMessages([{ role: 'system', content: [text("Hello, I'm a developer!"), { type: 'text', text: 'b', cacheControl: { type: 'ephemeral' } }] }], warnings);
    assert.deepEqual(system, []);
    assert.deepEqual(turns.map(turnJson), [{ role: 'user', content: [text("Hello, I'm a developer!"), { type: 'text', text: 'b', cache_control: { type: 'ephemeral' } }] }]);
    assert.deepEqual(warnings, ['the request has only system messages: sent as the user turn (Anthropic requires one)']);
    assert.deepEqual(renderMessages([], []), { system: [], turns: [] });
  });
});
