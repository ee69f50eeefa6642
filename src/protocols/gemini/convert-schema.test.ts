import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openApiToJsonSchema } from './convert-schema.js';
import { readJsonFixture } from './test-helpers.js';

describe('openApiToJsonSchema', () => {
  it("turns @google/genai's OpenAPI-subset responseSchema into JSON Schema (client fixture)", () => {
    const fixture = readJsonFixture('gemini-genai-generate-content-json.json') as { body: { generationConfig: { responseSchema: Record<string, unknown> } } };
    const schema = openApiToJsonSchema(fixture.body.generationConfig.responseSchema);
    const text = JSON.stringify(schema);
    assert.doesNotMatch(text, /"type":"[A-Z]+"/, 'no upper-case type left');
    assert.doesNotMatch(text, /propertyOrdering|nullable/);
    assert.equal(schema.type, 'object');
  });

  it('lower-cases nested types and makes nullable a null type', () => {
    assert.deepEqual(
      openApiToJsonSchema({ type: 'OBJECT', properties: { a: { type: 'STRING', nullable: true }, b: { type: 'ARRAY', items: { type: 'INTEGER' } }, c: { anyOf: [{ type: 'NUMBER' }], nullable: true } }, propertyOrdering: ['a', 'b'], required: ['a'] }),
      { type: 'object', properties: { a: { type: ['string', 'null'] }, b: { type: 'array', items: { type: 'integer' } }, c: { anyOf: [{ type: 'number' }, { type: 'null' }] } }, required: ['a'] },
    );
  });

  it('stops descending at a bounded depth', () => {
    let deep: Record<string, unknown> = { type: 'STRING' };
    for (let i = 0; i < 200; i++) deep = { type: 'ARRAY', items: deep };
    const out = JSON.stringify(openApiToJsonSchema(deep));
    assert.ok(out.includes('"type":"STRING"'), 'below the bound, kept as sent');
  });
});
