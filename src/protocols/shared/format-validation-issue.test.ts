import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { expected, integerAtLeast, must, nonEmptyStr, numberBetween, str } from './field-schemas.js';
import { formatValidationIssue } from './format-validation-issue.js';

const schema = z.object({
  model: nonEmptyStr(),
  temperature: numberBetween(0, 2).nullish(),
  messages: z.array(
    z.discriminatedUnion('role', [z.object({ role: z.literal('user'), content: str() }), z.object({ role: z.literal('assistant'), content: str().nullish() })], expected('one of user, assistant')),
    must('a non-empty array'),
  ),
  tool: z.object({ type: z.literal('function', expected('function')), name: nonEmptyStr() }, must('an object')).nullish(),
  stop: z.union([str(), z.object({ sequence: str() })], must('a string or an object')).nullish(),
  limit: integerAtLeast(1).nullish(),
});
const ok = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };

/** The { param, message } of the first issue of `body`. */
function describe1(body: unknown): { param: string; message: string } {
  const result = schema.safeParse(body, { reportInput: true });
  assert.equal(result.success, false);
  return formatValidationIssue((result as { error: z.ZodError }).error.issues[0]);
}

describe('formatValidationIssue', () => {
  it('says a missing field is required, whatever it should have been', () => {
    assert.deepEqual(describe1({ messages: [] }), { param: 'model', message: "'model' is required" });
    assert.deepEqual(describe1({ model: 'm' }), { param: 'messages', message: "'messages' is required" });
    assert.deepEqual(describe1({ ...ok, messages: [{ content: 'x' }] }), { param: 'messages[0].role', message: "'messages[0].role' is required" });
    assert.deepEqual(describe1({ ...ok, tool: { name: 'f' } }), { param: 'tool.type', message: "'tool.type' is required" });
  });

  it('names the field with its path and the predicate phrase of the schema', () => {
    assert.deepEqual(describe1({ ...ok, model: '' }), { param: 'model', message: "'model' must be a non-empty string" });
    assert.deepEqual(describe1({ ...ok, temperature: 3 }), { param: 'temperature', message: "'temperature' must be a number between 0 and 2" });
    assert.deepEqual(describe1({ ...ok, limit: 0.5 }), { param: 'limit', message: "'limit' must be a positive integer" });
    assert.deepEqual(describe1({ ...ok, tool: 5 }), { param: 'tool', message: "'tool' must be an object" });
    assert.deepEqual(describe1({ ...ok, messages: [{ role: 'bot', content: 'x' }] }), {
      param: 'messages[0].role',
      message: "Invalid value for 'messages[0].role': expected one of user, assistant",
    });
    assert.deepEqual(describe1({ ...ok, tool: { type: 'retrieval', name: 'f' } }), { param: 'tool.type', message: "Invalid value for 'tool.type': expected function" });
  });

  it('reports the deeper issue of a union branch the input matched in shape, else the union', () => {
    assert.deepEqual(describe1({ ...ok, stop: { sequence: 5 } }), { param: 'stop.sequence', message: "'stop.sequence' must be a string" });
    assert.deepEqual(describe1({ ...ok, stop: 5 }), { param: 'stop', message: "'stop' must be a string or an object" });
  });

  it('prefixes a path given by the caller', () => {
    const [issue] = (z.object({ a: str() }).safeParse({ a: 1 }, { reportInput: true }) as { error: z.ZodError }).error.issues;
    assert.deepEqual(formatValidationIssue(issue, ['tools', 2]), { param: 'tools[2].a', message: "'tools[2].a' must be a string" });
  });
});
