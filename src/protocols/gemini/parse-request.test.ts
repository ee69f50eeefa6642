import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError, type ToolCallPart, type ToolResultPart } from '../../core/index.js';
import { parseRequest } from './parse-request.js';
import { readJsonFixture, recordedRequests } from './test-helpers.js';

type ClientFixture = { path: string; body: Record<string, unknown> };

const validationError = (fn: () => unknown, param: string | RegExp, message?: RegExp) =>
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof GatewayError && e.reason === 'validation_error', String(e));
    if (typeof param === 'string') assert.equal(e.param, param);
    else assert.match(e.param ?? '', param);
    if (message) assert.match(e.message, message);
    return true;
  });

describe('gemini parseRequest', () => {
  it('reads @google/genai generateContent with a JSON schema, an image and thinking (client fixture)', () => {
    const f = readJsonFixture('gemini-genai-generate-content-json.json') as ClientFixture;
    const req = parseRequest(f.body, { model: 'gemini-2.5-flash' });
    assert.equal(req.model, 'gemini-2.5-flash');
    assert.equal(req.stream, false);
    assert.equal(req.messages[0].role, 'system');
    assert.equal(req.messages[1].role, 'user');
    assert.deepEqual(req.messages[1].content.map((p) => p.type), ['text', 'image']);
    assert.equal(req.maxOutputTokens, 2048);
    assert.equal(req.temperature, 0.2);
    assert.equal(req.responseFormat?.type, 'json_schema');
    assert.equal(req.responseFormat?.type === 'json_schema' && req.responseFormat.schema?.type, 'object');
    assert.deepEqual(req.reasoning, { budgetTokens: 512 });
    assert.deepEqual(req.extensions?.translated, ['generationConfig'], 'every generationConfig field has a canonical form');
  });

  it('reads a streamed tool turn: ids from positions, results matched by name, the signature kept (client fixture)', () => {
    const [, second] = readJsonFixture('gemini-genai-stream-tools-thinking.json') as ClientFixture[];
    const req = parseRequest(second.body, { model: 'gemini-2.5-pro', stream: true });
    assert.equal(req.stream, true);
    assert.deepEqual(req.tools?.map((t) => t.name), ['get_order', 'list_recent_orders']);
    assert.equal((req.tools?.[1].parameters as { properties: { limit: { type: string } } }).properties.limit.type, 'integer');
    assert.deepEqual(req.toolChoice, { type: 'auto' });
    assert.deepEqual(req.reasoning, { budgetTokens: -1 });
    const model = req.messages.find((m) => m.role === 'assistant') ?? assert.fail('model turn');
    assert.deepEqual(model.content.map((p) => p.type), ['reasoning', 'tool-call', 'tool-call']);
    const [, first, next] = model.content as [unknown, ToolCallPart, ToolCallPart];
    assert.equal(first.extensions?.protocol, 'gemini');
    assert.match(String(first.extensions?.fields.thoughtSignature), /^2WUTCIWugmd9/);
    assert.deepEqual(JSON.parse(first.arguments), { order_id: 'A-1001' });
    const results = req.messages.at(-1)?.content as ToolResultPart[];
    assert.deepEqual(results.map((r) => r.toolCallId), [first.id, next.id]);
    assert.deepEqual(JSON.parse((results[0].content[0] as { text: string }).text), { order_id: 'A-1001', status: 'shipped', carrier: 'dhl' });
  });

  it('parses every request body of the recorded traffic', () => {
    const requests = recordedRequests();
    assert.ok(requests.length >= 10);
    for (const [name, body] of requests) {
      const req = parseRequest(body, { model: 'gemini-2.5-flash' });
      assert.ok(req.messages.length > 0, name);
    }
  });

  it('takes ids a client gave (pydantic-ai sends them) and keeps untranslated fields for a Gemini upstream', () => {
    const req = parseRequest(
      {
        contents: [
          { role: 'user', parts: [{ text: 'hi' }] },
          { role: 'model', parts: [{ functionCall: { id: 'pyd_1', name: 'f', args: {} } }] },
          { role: 'user', parts: [{ functionResponse: { id: 'pyd_1', name: 'f', response: { error: 'boom' } } }] },
        ],
        tools: [{ googleSearch: {} }],
        safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' }],
        generationConfig: { responseModalities: ['TEXT'], candidateCount: 2, stopSequences: ['x'] },
        somethingNew: 1,
      },
      { model: 'models/gemini-2.5-flash' },
    );
    assert.equal(req.model, 'gemini-2.5-flash');
    const result = req.messages[2].content[0] as ToolResultPart;
    assert.equal(result.toolCallId, 'pyd_1');
    assert.equal(result.isError, true);
    assert.equal(req.n, 2);
    assert.deepEqual(req.stop, ['x']);
    assert.deepEqual(Object.keys(req.extensions?.fields ?? {}).sort(), ['generationConfig', 'safetySettings', 'somethingNew', 'tools']);
    assert.equal(req.extensions?.translated, undefined, 'responseModalities has no canonical form');
  });

  it('accepts a string systemInstruction, a bare `model` in the body, and thinking levels', () => {
    const req = parseRequest({ model: 'gemini-3-pro', systemInstruction: 'Be brief.', contents: [{ parts: [{ text: 'hi' }] }], generationConfig: { thinkingConfig: { thinkingLevel: 'HIGH' } } });
    assert.equal(req.model, 'gemini-3-pro');
    assert.deepEqual(req.messages[0], { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] });
    assert.deepEqual(req.reasoning, { effort: 'high' });
  });

  it('refuses bad input with a message naming the field', () => {
    validationError(() => parseRequest({ contents: [{ parts: [{ text: 'x' }] }] }), 'model');
    validationError(() => parseRequest({}, { model: 'm' }), 'contents');
    validationError(() => parseRequest({ contents: [] }, { model: 'm' }), 'contents');
    validationError(() => parseRequest({ contents: [{ parts: 'hi' }] }, { model: 'm' }), /contents\[0\]\.parts/);
    validationError(() => parseRequest({ contents: [{ parts: [{ text: 5 }] }] }, { model: 'm' }), /contents\[0\]\.parts\[0\]\.text/);
    validationError(() => parseRequest({ contents: [{ parts: [{ text: 'x' }] }], generationConfig: { temperature: 9 } }, { model: 'm' }), /generationConfig\.temperature/);
    validationError(() => parseRequest({ contents: [{ parts: [{ functionCall: { args: {} } }] }] }, { model: 'm' }), /functionCall\.name/);
    validationError(() => parseRequest({ contents: [{ role: 'robot', parts: [] }] }, { model: 'm' }), /contents\[0\]\.role/);
    validationError(() => parseRequest([1, 2], { model: 'm' }), /.*/, /JSON object/);
  });
});
