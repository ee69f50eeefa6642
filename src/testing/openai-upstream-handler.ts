import type { ServerResponse } from 'node:http';
import { json, lastUserText, splitJson, sse, type MockHandler, type ScriptedReply, type UpstreamScript } from './mock-upstream-server.js';

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens?: number;
  reasoning_tokens?: number;
}

/** The usage the fake OpenAI upstream reports for every call (exact cost arithmetic in tests). */
export const FAKE_USAGE: FakeUsage = { prompt_tokens: 2000, completion_tokens: 500, cached_tokens: 0, reasoning_tokens: 0 };

function usageOf(u: FakeUsage) {
  return {
    prompt_tokens: u.prompt_tokens,
    completion_tokens: u.completion_tokens,
    total_tokens: u.prompt_tokens + u.completion_tokens,
    prompt_tokens_details: { cached_tokens: u.cached_tokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoning_tokens ?? 0 },
  };
}


/**
 * A fake OpenAI Chat Completions upstream: echoes `echo: <last user text>`, or — when the
 * request has tools and the last message is not a tool result — calls the first tool with
 * `{"city":"Paris"}`; `script` can choose another answer. Streams honour
 * stream_options.include_usage like the real API.
 */
export function openaiUpstreamHandler(usage: FakeUsage = FAKE_USAGE, script?: UpstreamScript): MockHandler {
  return (req, res) => {
    const body = req.body ?? {};
    const msgs = body.messages ?? [];
    const wantsTool = Array.isArray(body.tools) && body.tools.length > 0 && msgs[msgs.length - 1]?.role !== 'tool';
    const reply: ScriptedReply = script?.(req) ?? (wantsTool ? { toolCall: { name: body.tools[0].function.name, input: { city: 'Paris' } } } : { text: `echo: ${lastUserText(req)}` });
    if (!body.stream) return completion(res, body.model, reply, usage);
    return streamCompletion(res, body.model, reply, usage, body.stream_options?.include_usage === true);
  };
}

function completion(res: ServerResponse, model: string, reply: ScriptedReply, usage: FakeUsage): void {
  const call = reply.toolCall;
  const message = {
    role: 'assistant', content: reply.text ?? null, refusal: null,
    ...(call ? { tool_calls: [{ id: 'call_abc123', type: 'function', function: { name: call.name, arguments: JSON.stringify(call.input) } }] } : {}),
  };
  json(res, 200, {
    id: 'chatcmpl-upstream-1', object: 'chat.completion', created: 1_700_000_000, model, system_fingerprint: 'fp_test',
    choices: [{ index: 0, message, logprobs: null, finish_reason: call ? 'tool_calls' : 'stop' }],
    usage: usageOf(usage),
  });
}

function streamCompletion(res: ServerResponse, model: string, reply: ScriptedReply, usage: FakeUsage, includeUsage: boolean): Promise<void> {
  const base = { id: 'chatcmpl-upstream-1', object: 'chat.completion.chunk', created: 1_700_000_000, model, system_fingerprint: 'fp_test' };
  const frame = (o: object) => `data: ${JSON.stringify({ ...base, ...o })}\n\n`;
  const frames: string[] = [frame({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })];
  if (reply.text !== undefined) {
    for (const word of reply.text.split(/(?<= )/)) frames.push(frame({ choices: [{ index: 0, delta: { content: word }, finish_reason: null }] }));
  }
  const call = reply.toolCall;
  if (call) {
    frames.push(frame({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_abc123', type: 'function', function: { name: call.name, arguments: '' } }] }, finish_reason: null }] }));
    for (const part of splitJson(call.input)) frames.push(frame({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: part } }] }, finish_reason: null }] }));
  }
  frames.push(frame({ choices: [{ index: 0, delta: {}, finish_reason: call ? 'tool_calls' : 'stop' }] }));
  if (includeUsage) frames.push(frame({ choices: [], usage: usageOf(usage) }));
  frames.push('data: [DONE]\n\n');
  return sse(res, frames);
}
