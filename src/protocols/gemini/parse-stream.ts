import { mapUpstreamStatus, type SseMessage, type StreamEvent } from '../../core/index.js';
import type { FnTransformer } from '../shared/fn-transformer.js';
import { invalidUpstreamResponse } from '../shared/invalid-upstream-response.js';
import { isRecord } from '../shared/is-record.js';
import { readSseJson } from '../shared/read-sse-json.js';
import { summarizeIssues } from '../shared/summarize-issues.js';
import { assemblePartialArgs } from './assemble-partial-args.js';
import { mapFinishReason } from './map-finish-reason.js';
import { parseUsage } from './map-usage.js';
import { callId } from './parse-response.js';
import { responseSchema, upstreamError } from './upstream-schemas.js';

type Json = Record<string, unknown>;
type Sink = { enqueue(e: StreamEvent): void };

/** One candidate's stream: its tool calls so far, and the call whose arguments are streaming. */
interface CandidateState {
  tools: number;
  open?: { toolIndex: number; args: Json };
}

/**
 * Gemini `streamGenerateContent?alt=sse` messages (each a GenerateContentResponse chunk) →
 * canonical events. Text and thought parts stream as deltas; a function call arrives whole (start
 * + its arguments at once) or, on Vertex with streamed arguments, as a named part with
 * `willContinue`, `partialArgs` fragments and an empty `functionCall` that ends it — assembled,
 * then sent as one arguments delta. A part's `thoughtSignature` goes first as a gemini native
 * block, so a Gemini client gets it back on that part. `usageMetadata` is cumulative on every
 * chunk: each is a usage event that replaces the last (bill the last, never the sum). An
 * `{"error":…}` chunk is an in-band error.
 */
export function createParseTransformer(): FnTransformer<SseMessage, StreamEvent> {
  let started = false;
  let failed = false;
  const candidates = new Map<number, CandidateState>();

  const fail = (sink: Sink, error: ReturnType<typeof invalidUpstreamResponse>) => {
    failed = true;
    sink.enqueue({ type: 'error', error });
  };
  const stateOf = (index: number): CandidateState => {
    let s = candidates.get(index);
    if (!s) candidates.set(index, (s = { tools: 0 }));
    return s;
  };
  const closeCall = (choice: number, s: CandidateState, sink: Sink) => {
    if (!s.open) return;
    sink.enqueue({ type: 'tool-call-delta', choice, toolIndex: s.open.toolIndex, argumentsDelta: JSON.stringify(s.open.args) });
    s.open = undefined;
  };

  const functionCall = (choice: number, s: CandidateState, call: Json, sink: Sink) => {
    const named = typeof call.name === 'string' && call.name !== '';
    if (!named) {
      if (!Array.isArray(call.partialArgs)) closeCall(choice, s, sink); // `functionCall: {}` ends a streamed call
      else if (s.open) {
        for (const f of call.partialArgs) if (isRecord(f)) assemblePartialArgs(s.open.args, f);
      }
      return;
    }
    closeCall(choice, s, sink);
    const toolIndex = s.tools++;
    sink.enqueue({ type: 'tool-call-start', choice, toolIndex, id: callId(call), name: call.name as string });
    if (call.willContinue === true) s.open = { toolIndex, args: isRecord(call.args) ? { ...call.args } : {} };
    else sink.enqueue({ type: 'tool-call-delta', choice, toolIndex, argumentsDelta: JSON.stringify(isRecord(call.args) ? call.args : {}) });
  };

  const part = (choice: number, s: CandidateState, p: Json, sink: Sink) => {
    const { thoughtSignature, thought, ...data } = p;
    if (typeof thoughtSignature === 'string' && thoughtSignature !== '') {
      sink.enqueue({ type: 'native-block', choice, part: { type: 'native', protocol: 'gemini', block: { type: 'thought_signature', thoughtSignature } } });
    }
    if (isRecord(data.functionCall)) return functionCall(choice, s, data.functionCall, sink);
    closeCall(choice, s, sink);
    if (typeof data.text === 'string' && Object.keys(data).length === 1) {
      if (data.text !== '') sink.enqueue(thought === true ? { type: 'reasoning-delta', choice, text: data.text } : { type: 'text-delta', choice, text: data.text });
      return;
    }
    if (Object.keys(data).length > 0) sink.enqueue({ type: 'native-block', choice, part: { type: 'native', protocol: 'gemini', block: p } });
  };

  return {
    transform(message, sink) {
      if (failed) return;
      const read = readSseJson(message);
      if (read.type === 'skip') return;
      if (read.type === 'unparseable') return fail(sink, invalidUpstreamResponse(`unparseable stream chunk (${read.length} characters)`));
      const json = read.json;
      const error = isRecord(json) && json.error !== undefined ? upstreamError(json) : undefined;
      if (error) return fail(sink, mapUpstreamStatus(typeof error.code === 'number' ? error.code : 500, error.message ?? undefined));
      const r = responseSchema.safeParse(json);
      if (!r.success) return fail(sink, invalidUpstreamResponse(`not a Gemini stream chunk: ${summarizeIssues(r.error)}`));
      const chunk = r.data;
      if (!started) {
        started = true;
        sink.enqueue({ type: 'start', ...(chunk.responseId ? { upstreamId: chunk.responseId } : {}), ...(chunk.modelVersion ? { upstreamModel: chunk.modelVersion } : {}) });
      }
      const finishes: Array<Extract<StreamEvent, { type: 'finish' }>> = [];
      (chunk.candidates ?? []).forEach((c, position) => {
        const choice = c.index ?? position;
        const s = stateOf(choice);
        for (const p of c.content?.parts ?? []) part(choice, s, p, sink);
        if (c.finishReason != null) {
          closeCall(choice, s, sink);
          finishes.push({ type: 'finish', choice, finishReason: mapFinishReason(c.finishReason, s.tools > 0) });
        }
      });
      if (chunk.candidates == null && chunk.promptFeedback?.blockReason) finishes.push({ type: 'finish', choice: 0, finishReason: { unified: 'content-filter', raw: chunk.promptFeedback.blockReason } });
      const usage = parseUsage(chunk.usageMetadata);
      if (Object.keys(usage).length > 0) sink.enqueue({ type: 'usage', usage });
      for (const f of finishes) sink.enqueue(f);
    },
    flush(sink) {
      if (failed) return;
      for (const [choice, s] of candidates) closeCall(choice, s, sink);
    },
  };
}

export function createParseStream(): TransformStream<SseMessage, StreamEvent> {
  return new TransformStream<SseMessage, StreamEvent>(createParseTransformer());
}
