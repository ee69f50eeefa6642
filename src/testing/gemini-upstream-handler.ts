import type { ServerResponse } from 'node:http';
import { json, lastUserText, sse, type MockHandler, type RecordedRequest, type ScriptedReply, type UpstreamScript } from './mock-upstream-server.js';

export interface FakeGeminiUsage {
  promptTokenCount: number;
  candidatesTokenCount: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
}

/** The usage the fake Gemini upstream reports for every call (exact cost arithmetic in tests). */
export const FAKE_GEMINI_USAGE: FakeGeminiUsage = { promptTokenCount: 1200, candidatesTokenCount: 400, cachedContentTokenCount: 300, thoughtsTokenCount: 100 };
export const FAKE_THOUGHT_SIGNATURE = 'CiQBjz1rX-fake-thought-signature-from-the-mock==';

function usageOf(u: FakeGeminiUsage, fraction = 1): Record<string, number> {
  const candidates = Math.round(u.candidatesTokenCount * fraction);
  const thoughts = u.thoughtsTokenCount ?? 0;
  const out: Record<string, number> = { promptTokenCount: u.promptTokenCount, candidatesTokenCount: candidates, totalTokenCount: u.promptTokenCount + candidates + thoughts };
  if (u.cachedContentTokenCount) out.cachedContentTokenCount = u.cachedContentTokenCount;
  if (thoughts) out.thoughtsTokenCount = thoughts;
  return out;
}

/**
 * A fake Gemini API upstream (`/v1beta/models/{model}:generateContent`, `:streamGenerateContent`
 * with `alt=sse` as SSE, without it as one JSON array): echoes `echo: <last user text>`; with
 * function declarations, unless the last turn answers a call, it calls the first one with
 * {"city":"Paris"} (carrying a thoughtSignature, as Gemini 3 does); with `includeThoughts` it
 * thinks first. `script` can choose another answer. Streams carry the cumulative usageMetadata on
 * every chunk, as Gemini does — a gateway that summed them would overcharge. Without
 * `x-goog-api-key` it answers 400 API_KEY_INVALID, as Google does.
 */
export function geminiUpstreamHandler(usage: FakeGeminiUsage = FAKE_GEMINI_USAGE, script?: UpstreamScript): MockHandler {
  return (req, res) => {
    if (!req.headers['x-goog-api-key']) {
      return json(res, 400, { error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }] } });
    }
    const m = /\/v1beta\/models\/([^:]+):(generateContent|streamGenerateContent)(\?alt=sse)?$/.exec(req.path);
    if (!m) return json(res, 404, { error: { code: 404, message: `Unknown path ${req.path}`, status: 'NOT_FOUND' } });
    const parts = replyParts(req, script);
    const model = decodeURIComponent(m[1]);
    if (m[2] === 'generateContent') {
      return json(res, 200, { candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }], usageMetadata: usageOf(usage), modelVersion: model, responseId: 'gemini-upstream-1' });
    }
    return streamContent(res, model, parts, usage, m[3] !== undefined);
  };
}

function replyParts(req: RecordedRequest, script?: UpstreamScript): Array<Record<string, unknown>> {
  const body = req.body ?? {};
  const contents: any[] = Array.isArray(body.contents) ? body.contents : [];
  const answered = (contents[contents.length - 1]?.parts ?? []).some((p: any) => p.functionResponse);
  const declarations: any[] = (body.tools ?? []).flatMap((t: any) => t.functionDeclarations ?? []);
  const parts: Array<Record<string, unknown>> = [];
  if (body.generationConfig?.thinkingConfig?.includeThoughts === true) parts.push({ text: 'Let me think.', thought: true });
  const reply: ScriptedReply = script?.(req) ?? (declarations.length > 0 && !answered ? { toolCall: { name: declarations[0].name, input: { city: 'Paris' } } } : { text: `echo: ${lastUserText(req)}` });
  if (reply.text !== undefined) parts.push({ text: reply.text });
  if (reply.toolCall) parts.push({ functionCall: { name: reply.toolCall.name, args: reply.toolCall.input }, thoughtSignature: FAKE_THOUGHT_SIGNATURE });
  return parts;
}

/** One chunk per word of text (thoughts and calls whole), each with the usage so far; the last with finishReason. */
function streamContent(res: ServerResponse, model: string, parts: Array<Record<string, unknown>>, usage: FakeGeminiUsage, alt: boolean): Promise<void> | void {
  const pieces = parts.flatMap((p) => (typeof p.text === 'string' && !p.thought ? p.text.split(/(?<= )/).map((text) => ({ text })) : [p]));
  const chunks = pieces.map((p, i) => ({
    candidates: [{ content: { role: 'model', parts: [p] }, index: 0, ...(i === pieces.length - 1 ? { finishReason: 'STOP' } : {}) }],
    usageMetadata: usageOf(usage, (i + 1) / pieces.length),
    modelVersion: model,
    responseId: 'gemini-upstream-1',
  }));
  if (alt) return sse(res, chunks.map((c) => `data: ${JSON.stringify(c)}\r\n\r\n`));
  return json(res, 200, chunks);
}
