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

  it('keeps a mid-conversation system message in place, hoists one before the first turn, merges adjacent ones', () => {
    const messages: Message[] = [
      { role: 'system', content: [text('lead')], inline: true },
      { role: 'user', content: [text('q')] },
      { role: 'system', content: [{ type: 'text', text: 'env', cacheControl: { type: 'ephemeral', ttl: '1h' } }], inline: true },
      { role: 'system', content: [text('more')], inline: true, extensions: { protocol: 'anthropic', fields: { clear_at: 'next_user_message' } } },
      { role: 'assistant', content: [text('a')] },
      { role: 'user', content: [text('q2')] },
      { role: 'system', content: [{ type: 'native', protocol: 'anthropic', block: { type: 'tool_removal', tool: { type: 'tool_reference', name: 'f' } } }], inline: true },
      // An OpenAI client's system message in the middle is hoisted, as before (no `inline`).
      { role: 'system', content: [text('openai style')] },
    ];
    const warnings: string[] = [];
    const { system, turns } = renderMessages(messages, warnings);
    assert.deepEqual(system, [text('lead'), text('openai style')]);
    assert.deepEqual(turns.map(turnJson), [
      { role: 'user', content: 'q' },
      { role: 'system', content: [{ type: 'text', text: 'env', cache_control: { type: 'ephemeral', ttl: '1h' } }, text('more')] },
      { role: 'assistant', content: 'a' },
      { role: 'user', content: 'q2' },
      { role: 'system', content: [{ type: 'tool_removal', tool: { type: 'tool_reference', name: 'f' } }] },
    ]);
    assert.deepEqual(warnings, []);
  });

  it('sends a system entry with only output_config without content, and its fields beside it', () => {
    const { turns } = renderMessages(
      [{ role: 'user', content: [text('q')] }, { role: 'system', content: [], inline: true, extensions: { protocol: 'anthropic', fields: { output_config: { effort: 'low' } } } }],
      [],
    );
    assert.deepEqual(turns.map(turnJson), [{ role: 'user', content: 'q' }, { role: 'system', output_config: { effort: 'low' } }]);
  });

  it('puts native blocks, citations and unmodelled block fields back for Anthropic', () => {
    const citation = { type: 'char_location', cited_text: 'x', document_index: 0, start_char_index: 0, end_char_index: 1 };
    const { turns } = renderMessages(
      [
        { role: 'user', content: [text('q')] },
        {
          role: 'assistant',
          content: [
            { type: 'native', protocol: 'anthropic', block: { type: 'server_tool_use', id: 's1', name: 'web_search', input: { query: 'q' } } },
            { type: 'text', text: 'x', citations: [citation] },
            { type: 'tool-call', id: 't1', name: 'f', arguments: '{}', extensions: { protocol: 'anthropic', fields: { caller: { type: 'direct' }, id: 'ignored' } } },
          ],
        },
      ],
      [],
    );
    assert.deepEqual(turns[1].content, [
      { type: 'server_tool_use', id: 's1', name: 'web_search', input: { query: 'q' } },
      { type: 'text', text: 'x', citations: [citation] },
      { type: 'tool_use', id: 't1', name: 'f', input: {}, caller: { type: 'direct' } },
    ]);
  });
});
