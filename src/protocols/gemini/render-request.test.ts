import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatRequest } from '../../core/index.js';
import { parseRequest } from './parse-request.js';
import { renderRequest } from './render-request.js';
import { readJsonFixture, recordedRequests } from './test-helpers.js';

type Json = Record<string, unknown>;
const TARGET = { model: 'gemini-2.5-pro', defaultMaxTokens: 8192 };

describe('gemini renderRequest', () => {
  it('gives a Gemini upstream back what a Gemini client sent: contents, signatures, tools, config (client fixture)', () => {
    const [, second] = readJsonFixture('gemini-genai-stream-tools-thinking.json') as Array<{ body: Json }>;
    const { body, warnings } = renderRequest(parseRequest(second.body, { model: 'gemini-2.5-pro', stream: true }), TARGET);
    assert.deepEqual(warnings, []);
    assert.deepEqual(body.contents, second.body.contents, 'every part as sent, thoughtSignature on its functionCall');
    assert.deepEqual(body.generationConfig, second.body.generationConfig);
    assert.deepEqual(body.toolConfig, second.body.toolConfig);
    assert.deepEqual(body.systemInstruction, { parts: (second.body.systemInstruction as { parts: unknown }).parts });
    const decls = (body.tools as Array<{ functionDeclarations: Json[] }>)[0].functionDeclarations;
    assert.deepEqual(decls.map((d) => d.name), ['get_order', 'list_recent_orders']);
    assert.equal(((decls[1].parametersJsonSchema as Json).properties as { limit: Json }).limit.type, 'integer');
  });

  it('round-trips the contents of every recorded request', () => {
    for (const [name, original] of recordedRequests()) {
      const { body } = renderRequest(parseRequest(original, { model: 'm' }), TARGET);
      const strip = (contents: unknown) => JSON.parse(JSON.stringify(contents, (k, v: unknown) => (k === 'id' || k === 'role' ? undefined : v))) as unknown;
      const nonEmpty = (original.contents as Array<{ parts: Json[] }>).filter((c) => c.parts.some((p) => p.text !== ''));
      assert.deepEqual(strip(body.contents), strip(nonEmpty), name);
    }
  });

  it('renders another protocol’s request: system, alternating turns, named tool results, JSON schema, reasoning', () => {
    const req: ChatRequest = {
      model: 'google/gemini-2.5-flash',
      stream: false,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }, { type: 'image', data: 'iVBOR', mediaType: 'image/png' }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'thinking', signature: 'anthropic-sig' }, { type: 'tool-call', id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'sunny' }] }] },
        { role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] },
      ],
      tools: [{ name: 'weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
      toolChoice: { type: 'tool', name: 'weather' },
      maxOutputTokens: 100,
      stop: ['a', 'b', 'c', 'd', 'e', 'f'],
      responseFormat: { type: 'json_schema', name: 'w', schema: { type: 'object' } },
      reasoning: { effort: 'low' },
      parallelToolCalls: false,
      extensions: { protocol: 'openai', fields: { logprobs: true } },
    };
    const { body, warnings } = renderRequest(req, TARGET);
    assert.deepEqual(body.systemInstruction, { parts: [{ text: 'Be brief.' }] });
    assert.deepEqual(body.contents, [
      { role: 'user', parts: [{ text: 'Weather in Paris?' }, { inlineData: { mimeType: 'image/png', data: 'iVBOR' } }] },
      { role: 'model', parts: [{ functionCall: { name: 'weather', args: { city: 'Paris' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { output: 'sunny' } } }, { text: 'And tomorrow?' }] },
    ]);
    assert.deepEqual(body.toolConfig, { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] } });
    assert.deepEqual(body.tools, [{ functionDeclarations: [{ name: 'weather', description: 'Weather', parametersJsonSchema: req.tools?.[0].parameters }] }]);
    assert.deepEqual(body.generationConfig, {
      stopSequences: ['a', 'b', 'c', 'd', 'e'],
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object' },
      thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
      maxOutputTokens: 100,
    });
    assert.ok(warnings.some((w) => w.includes('stop sequences')));
    assert.ok(warnings.some((w) => w.includes("'logprobs'")));
    assert.ok(warnings.some((w) => w.includes('parallel_tool_calls')));
  });

  it('lets a lowered output limit win over the Gemini client’s own', () => {
    const req = parseRequest({ contents: [{ parts: [{ text: 'hi' }] }], generationConfig: { maxOutputTokens: 5000, responseModalities: ['TEXT'] } }, { model: 'm' });
    const { body } = renderRequest({ ...req, maxOutputTokens: 300 }, TARGET);
    assert.deepEqual(body.generationConfig, { maxOutputTokens: 300, responseModalities: ['TEXT'] });
  });

  it('maps thinking: dynamic, off, adaptive, and an unknown effort', () => {
    const base: ChatRequest = { model: 'm', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] };
    const config = (reasoning: ChatRequest['reasoning']) => renderRequest({ ...base, reasoning }, TARGET);
    assert.deepEqual(config({ budgetTokens: -1 }).body.generationConfig, { thinkingConfig: { thinkingBudget: -1, includeThoughts: true } });
    assert.deepEqual(config({ budgetTokens: 0 }).body.generationConfig, { thinkingConfig: { thinkingBudget: 0 } });
    assert.deepEqual(config({ adaptive: true, effort: 'high' }).body.generationConfig, { thinkingConfig: { thinkingBudget: -1, includeThoughts: true } });
    const unknown = config({ effort: 'ultra' });
    assert.equal(unknown.body.generationConfig, undefined);
    assert.deepEqual(unknown.warnings, ["dropped unsupported reasoning effort 'ultra'"]);
  });

  it('gives Gemini 3 a stand-in signature for calls that never had one, and leaves real ones and older models alone', () => {
    const req: ChatRequest = {
      model: 'm',
      stream: false,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'x' }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'a', name: 'f', arguments: '{}' }, { type: 'tool-call', id: 'b', name: 'g', arguments: '{}' }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'a', content: [{ type: 'text', text: '1' }] }, { type: 'tool-result', toolCallId: 'b', content: [{ type: 'text', text: '2' }] }] },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'c', name: 'f', arguments: '{}', extensions: { protocol: 'gemini', fields: { thoughtSignature: 'REAL' } } }] },
      ],
    };
    const signatures = (model: string) =>
      (renderRequest(req, { model }).body.contents as Array<{ role: string; parts: Json[] }>).filter((c) => c.role === 'model').map((c) => c.parts.map((p) => p.thoughtSignature));
    assert.deepEqual(signatures('gemini-3-pro-preview'), [['skip_thought_signature_validator', undefined], ['REAL']]);
    assert.deepEqual(signatures('models/gemini-3.1-flash'), [['skip_thought_signature_validator', undefined], ['REAL']]);
    assert.deepEqual(signatures('gemini-2.5-flash'), [[undefined, undefined], ['REAL']]);
  });
});
