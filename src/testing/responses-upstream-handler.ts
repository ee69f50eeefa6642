import type { ServerResponse } from 'node:http';
import { json, splitJson, sse, type MockHandler, type RecordedRequest, type ScriptedReply, type UpstreamScript } from './mock-upstream-server.js';

/** The usage the fake Responses upstream reports for every call (exact cost arithmetic in tests). */
export const FAKE_RESPONSES_USAGE = { input_tokens: 1500, input_tokens_details: { cached_tokens: 300 }, output_tokens: 400, output_tokens_details: { reasoning_tokens: 100 }, total_tokens: 1900 };
export const FAKE_ENCRYPTED_REASONING = 'gAAAAABfake-encrypted-reasoning-from-the-upstream==';

type Json = Record<string, any>;

/**
 * A fake OpenAI Responses upstream (`POST …/responses`): answers `echo: <last user text>`; with
 * tools, unless the last input item is a tool output, calls the first callable one (a function
 * with {"city":"Paris"}, a custom tool with `freeform input`); `script` can choose another answer
 * (a tool call by name: a custom tool's input is its `input` field; a namespaced tool's name is
 * given as its own name). With `include: ["reasoning.encrypted_content"]` it reasons first, with
 * encrypted content. Streams send the typed events OpenAI sends. `usage` replaces the usage it reports.
 */
export function responsesUpstreamHandler(script?: UpstreamScript, usage: Json = FAKE_RESPONSES_USAGE): MockHandler {
  return (req, res) => {
    if (!String(req.headers.authorization ?? '').startsWith('Bearer ')) return json(res, 401, { error: { message: 'missing key', type: 'invalid_request_error' } });
    const body: Json = req.body ?? {};
    const output = answer(req, body, script);
    const response = { id: 'resp_upstream_1', object: 'response', created_at: 1_700_000_000, status: 'completed', model: body.model, output, usage };
    if (!body.stream) return json(res, 200, response);
    return streamResponse(res, response);
  };
}

function answer(req: RecordedRequest, body: Json, script: UpstreamScript | undefined): Json[] {
  const input: Json[] = Array.isArray(body.input) ? body.input : [{ role: 'user', content: body.input }];
  const out: Json[] = [];
  if (Array.isArray(body.include) && body.include.includes('reasoning.encrypted_content')) {
    out.push({ type: 'reasoning', id: 'rs_up_1', summary: [{ type: 'summary_text', text: 'Thinking upstream.' }], encrypted_content: FAKE_ENCRYPTED_REASONING });
  }
  const tools = flatTools(body.tools ?? []);
  const last = input[input.length - 1];
  const reply: ScriptedReply | undefined = script?.(req) ?? (tools.length > 0 && !String(last?.type ?? '').endsWith('_output') ? { toolCall: { name: tools[0].name, input: tools[0].type === 'custom' ? { input: 'freeform input' } : { city: 'Paris' } } } : undefined);
  if (reply?.toolCall) {
    const tool = tools.find((t) => t.name === reply.toolCall?.name);
    const ns = tool?.namespace ? { namespace: tool.namespace } : {};
    if (tool?.type === 'custom') out.push({ type: 'custom_tool_call', id: 'ctc_up_1', call_id: 'call_up_1', name: tool.name, input: String(reply.toolCall.input.input ?? ''), status: 'completed', ...ns });
    else out.push({ type: 'function_call', id: 'fc_up_1', call_id: 'call_up_1', name: reply.toolCall.name, arguments: JSON.stringify(reply.toolCall.input), status: 'completed', ...ns });
    return out;
  }
  out.push({ type: 'message', id: 'msg_up_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: reply?.text ?? `echo: ${lastUserText(input)}`, annotations: [] }] });
  return out;
}

/** Function and custom tools, namespaces opened (hosted tools cannot be called by the fake). */
function flatTools(tools: Json[]): Json[] {
  return tools.flatMap((t) => (t.type === 'namespace' ? (t.tools ?? []).map((inner: Json) => ({ ...inner, namespace: t.name })) : t.type === 'function' || t.type === 'custom' ? [t] : []));
}

function lastUserText(input: Json[]): string {
  for (let i = input.length - 1; i >= 0; i--) {
    const m = input[i];
    if (m.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    const text = (m.content ?? []).map((p: Json) => (p.type === 'input_text' ? p.text : '')).join('');
    if (text) return text;
  }
  return '';
}

function streamResponse(res: ServerResponse, response: Json): Promise<void> {
  let seq = 0;
  const frame = (type: string, fields: Json) => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...fields })}\n\n`;
  const frames = [frame('response.created', { response: { ...response, status: 'in_progress', output: [], usage: null } })];
  response.output.forEach((item: Json, i: number) => {
    const base = { item_id: item.id, output_index: i };
    if (item.type === 'message') {
      frames.push(frame('response.output_item.added', { output_index: i, item: { ...item, status: 'in_progress', content: [] } }));
      const text: string = item.content[0].text;
      for (const word of text.split(/(?<= )/)) frames.push(frame('response.output_text.delta', { ...base, content_index: 0, delta: word }));
    } else if (item.type === 'function_call') {
      frames.push(frame('response.output_item.added', { output_index: i, item: { ...item, arguments: '', status: 'in_progress' } }));
      for (const part of splitJson(JSON.parse(item.arguments))) frames.push(frame('response.function_call_arguments.delta', { ...base, delta: part }));
    } else if (item.type === 'reasoning') {
      frames.push(frame('response.output_item.added', { output_index: i, item: { ...item, summary: [] } }));
      frames.push(frame('response.reasoning_summary_text.delta', { ...base, summary_index: 0, delta: item.summary[0].text }));
    } else {
      frames.push(frame('response.output_item.added', { output_index: i, item: { ...item, input: '' } }));
    }
    frames.push(frame('response.output_item.done', { output_index: i, item }));
  });
  frames.push(frame('response.completed', { response }));
  return sse(res, frames);
}
