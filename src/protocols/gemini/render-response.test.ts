import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatResponse } from '../../core/index.js';
import { parseResponse } from './parse-response.js';
import { renderResponse } from './render-response.js';
import { recordedResponses } from './test-helpers.js';

type Json = Record<string, unknown>;
const META = { id: 'gen-abc', model: 'google/gemini-2.5-flash' };

describe('gemini renderResponse', () => {
  it('gives a Gemini client what a Gemini upstream said: parts (with signatures), finish, usage', () => {
    for (const [name, original] of recordedResponses()) {
      const body = renderResponse(parseResponse(original), META);
      const o = original as { candidates: Array<{ content: { parts: Json[] }; finishReason: string }>; usageMetadata: Json };
      const [candidate] = body.candidates as Array<{ content: { role: string; parts: Json[] }; finishReason: string; index: number }>;
      const strip = (parts: Json[]) => parts.filter((p) => p.text !== '' || p.thoughtSignature).map((p) => (p.functionCall ? { ...p, functionCall: { name: (p.functionCall as Json).name, args: (p.functionCall as Json).args ?? {} } } : p));
      assert.deepEqual(strip(candidate.content.parts), strip(o.candidates[0].content.parts), name);
      assert.equal(candidate.content.role, 'model');
      assert.equal(candidate.finishReason, o.candidates[0].finishReason);
      const usage = body.usageMetadata as Json;
      for (const key of ['promptTokenCount', 'candidatesTokenCount', 'cachedContentTokenCount', 'thoughtsTokenCount'] as const) assert.equal(usage[key], o.usageMetadata[key], `${name} ${key}`);
      assert.equal(body.modelVersion, META.model);
      assert.equal(body.responseId, META.id);
    }
  });

  it('renders another protocol’s answer: reasoning as thought parts, calls with their ids, usage totals', () => {
    const res: ChatResponse = {
      choices: [{ index: 0, content: [{ type: 'reasoning', text: 'hmm', signature: 'sig' }, { type: 'text', text: 'Hi' }, { type: 'tool-call', id: 'toolu_1', name: 'f', arguments: '{"a":1}' }, { type: 'native', protocol: 'anthropic', block: { type: 'server_tool_use' } }], finishReason: { unified: 'tool-calls', raw: 'tool_use' } }],
      usage: { inputTokens: 1700, outputTokens: 300, cacheReadTokens: 500, cacheWriteTokens: 200, reasoningTokens: 50 },
    };
    assert.deepEqual(renderResponse(res, META), {
      candidates: [{ content: { role: 'model', parts: [{ text: 'hmm', thought: true }, { text: 'Hi' }, { functionCall: { id: 'toolu_1', name: 'f', args: { a: 1 } } }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 1700, candidatesTokenCount: 250, totalTokenCount: 2000, cachedContentTokenCount: 500, thoughtsTokenCount: 50 },
      modelVersion: META.model,
      responseId: META.id,
    });
  });

  it('never sends a candidate without parts', () => {
    const body = renderResponse({ choices: [{ index: 0, content: [], finishReason: { unified: 'content-filter', raw: 'SAFETY' } }], usage: {} }, META);
    assert.deepEqual((body.candidates as Json[])[0], { content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'SAFETY', index: 0 });
  });
});
