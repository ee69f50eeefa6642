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


/**
 * A fake Anthropic Messages upstream: echoes `echo: <last user text>`; with thinking enabled it
 * thinks first (with a signature); with tools, unless the last turn carries tool results, it
 * calls the first tool with {"city":"Paris"}; `script` can choose another answer. Streams follow
 * Anthropic's event sequence.
 */
export function anthropicUpstreamHandler(usage: FakeAnthropicUsage = FAKE_ANTHROPIC_USAGE, script?: UpstreamScript): MockHandler {
  return (req, res) => {
    if (req.headers['x-api-key'] === undefined) return json(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    const body = req.body ?? {};
    const msgs = body.messages ?? [];
    const lastContent = msgs[msgs.length - 1]?.content;
    const answeredTool = Array.isArray(lastContent) && lastContent.some((b: any) => b.type === 'tool_result');
    const toolName: string | undefined = Array.isArray(body.tools) && body.tools.length > 0 && !answeredTool ? body.tools[0].name : undefined;
    const thinking = body.thinking?.type === 'enabled';
    const blocks: any[] = [];
    if (thinking) blocks.push({ type: 'thinking', thinking: 'Let me think.', signature: FAKE_SIGNATURE });
    const reply = script?.(req);
    if (reply) {
      if (reply.text !== undefined) blocks.push({ type: 'text', text: reply.text });
      if (reply.toolCall) blocks.push({ type: 'tool_use', id: 'toolu_01abc', name: reply.toolCall.name, input: reply.toolCall.input });
    } else if (toolName) blocks.push({ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'toolu_01abc', name: toolName, input: { city: 'Paris' } });
    else blocks.push({ type: 'text', text: `echo: ${lastUserText(req)}` });
    const stopReason = blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
    if (!body.stream) {
      return json(res, 200, { id: 'msg_upstream_1', type: 'message', role: 'assistant', model: body.model, content: blocks, stop_reason: stopReason, stop_sequence: null, usage });
    }
    return streamMessage(res, body.model, blocks, stopReason, usage);
  };
}

function streamMessage(res: ServerResponse, model: string, blocks: any[], stopReason: string, usage: FakeAnthropicUsage): Promise<void> {
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
      frames.push(ev('content_block_start', { index, content_block: { type: 'text', text: '' } }));
      for (const word of b.text.split(/(?<= )/)) frames.push(ev('content_block_delta', { index, delta: { type: 'text_delta', text: word } }));
    } else {
      frames.push(ev('content_block_start', { index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } }));
      for (const part of splitJson(b.input)) frames.push(ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: part } }));
    }
    frames.push(ev('content_block_stop', { index }));
  });
  frames.push(ev('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output_tokens } }));
  frames.push(ev('message_stop', {}));
  return sse(res, frames);
}
