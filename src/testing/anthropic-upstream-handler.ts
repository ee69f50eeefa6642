import type { ServerResponse } from 'node:http';
import { json, lastUserText, splitJson, sse, type MockHandler, type UpstreamScript } from './mock-upstream-server.js';

export interface FakeAnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

export const FAKE_ANTHROPIC_USAGE: FakeAnthropicUsage = { input_tokens: 1000, output_tokens: 300, cache_read_input_tokens: 500, cache_creation_input_tokens: 200 };
export const FAKE_SIGNATURE = 'EqQBCkYIBxgCKkDsignature-from-the-fake-upstream==';


export const FAKE_SEARCH_RESULT = { type: 'web_search_result', url: 'https://example.com/paris', title: 'Paris', encrypted_content: 'EqgfCioIARgBIiQ3YTAw', page_age: null };
export const FAKE_CITATION = { type: 'web_search_result_location', url: 'https://example.com/paris', title: 'Paris', encrypted_index: 'Eo8BCioIAhgBIiQyYjU4', cited_text: 'Paris is sunny.' };

/**
 * A fake Anthropic Messages upstream: echoes `echo: <last user text>`; with thinking enabled it
 * thinks first (with a signature); with (custom) tools, unless the last turn carries tool results,
 * it calls the first one with {"city":"Paris"}; with a web_search server tool it searches first
 * (server_tool_use, web_search_tool_result) and answers with a cited text block. A stop sequence
 * found in the echo ends it there (stop_reason stop_sequence, the matched one in stop_sequence).
 * `script` can choose another answer (text and/or a tool call). Streams follow Anthropic's event
 * sequence.
 */
export function anthropicUpstreamHandler(usage: FakeAnthropicUsage = FAKE_ANTHROPIC_USAGE, script?: UpstreamScript): MockHandler {
  return (req, res) => {
    if (req.headers['x-api-key'] === undefined) return json(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    const body = req.body ?? {};
    const msgs = body.messages ?? [];
    const lastContent = msgs[msgs.length - 1]?.content;
    const answeredTool = Array.isArray(lastContent) && lastContent.some((b: any) => b.type === 'tool_result');
    const tools: any[] = Array.isArray(body.tools) ? body.tools : [];
    const custom = tools.filter((t) => t.type === undefined || t.type === 'custom');
    const toolName: string | undefined = custom.length > 0 && !answeredTool ? custom[0].name : undefined;
    const search = tools.some((t) => typeof t.type === 'string' && t.type.startsWith('web_search'));
    const thinking = body.thinking?.type === 'enabled';
    const blocks: any[] = [];
    if (thinking) blocks.push({ type: 'thinking', thinking: 'Let me think.', signature: FAKE_SIGNATURE });
    if (search) {
      blocks.push(
        { type: 'server_tool_use', id: 'srvtoolu_01abc', name: 'web_search', input: { query: lastUserText(req) } },
        { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_01abc', content: [FAKE_SEARCH_RESULT] },
        { type: 'text', text: 'Paris is sunny.', citations: [FAKE_CITATION] },
      );
    }
    let stopReason = 'end_turn';
    let stopSequence: string | null = null;
    const reply = script?.(req);
    if (reply) {
      if (reply.text !== undefined) blocks.push({ type: 'text', text: reply.text });
      if (reply.toolCall) blocks.push({ type: 'tool_use', id: 'toolu_01abc', name: reply.toolCall.name, input: reply.toolCall.input });
    } else if (toolName) blocks.push({ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'toolu_01abc', name: toolName, input: { city: 'Paris' } });
    else {
      let text = `echo: ${lastUserText(req)}`;
      const stops: string[] = Array.isArray(body.stop_sequences) ? body.stop_sequences : [];
      const at = stops.map((seq) => ({ seq, i: text.indexOf(seq) })).filter((m) => m.i >= 0).sort((a, b) => a.i - b.i)[0];
      if (at) {
        text = text.slice(0, at.i);
        stopReason = 'stop_sequence';
        stopSequence = at.seq;
      }
      if (!search) blocks.push({ type: 'text', text });
    }
    if (blocks.some((b) => b.type === 'tool_use')) stopReason = 'tool_use';
    if (!body.stream) {
      return json(res, 200, { id: 'msg_upstream_1', type: 'message', role: 'assistant', model: body.model, content: blocks, stop_reason: stopReason, stop_sequence: stopSequence, usage });
    }
    return streamMessage(res, body.model, blocks, stopReason, stopSequence, usage);
  };
}

function streamMessage(res: ServerResponse, model: string, blocks: any[], stopReason: string, stopSequence: string | null, usage: FakeAnthropicUsage): Promise<void> {
  const ev = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const frames = [
    ev('message_start', { message: { id: 'msg_upstream_1', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } }),
    ev('ping', {}),
  ];
  blocks.forEach((b, index) => {
    if (b.type === 'thinking') {
      frames.push(ev('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
      frames.push(ev('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: b.thinking } }));
      frames.push(ev('content_block_delta', { index, delta: { type: 'signature_delta', signature: b.signature } }));
    } else if (b.type === 'text') {
      frames.push(ev('content_block_start', { index, content_block: b.citations ? { type: 'text', text: '', citations: [] } : { type: 'text', text: '' } }));
      for (const citation of b.citations ?? []) frames.push(ev('content_block_delta', { index, delta: { type: 'citations_delta', citation } }));
      for (const word of b.text.split(/(?<= )/)) frames.push(ev('content_block_delta', { index, delta: { type: 'text_delta', text: word } }));
    } else if (b.type === 'web_search_tool_result') {
      frames.push(ev('content_block_start', { index, content_block: b }));
    } else {
      frames.push(ev('content_block_start', { index, content_block: { type: b.type, id: b.id, name: b.name, input: {} } }));
      for (const part of splitJson(b.input)) frames.push(ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: part } }));
    }
    frames.push(ev('content_block_stop', { index }));
  });
  frames.push(ev('message_delta', { delta: { stop_reason: stopReason, stop_sequence: stopSequence }, usage: { output_tokens: usage.output_tokens } }));
  frames.push(ev('message_stop', {}));
  return sse(res, frames);
}
