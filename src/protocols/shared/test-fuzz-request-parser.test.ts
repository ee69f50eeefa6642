import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/index.js';
import { assertValidationError } from './test-assert-validation-error.js';
import { fuzzRequestParser } from './test-fuzz-request-parser.js';

const template = { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] };

/** A parser that checks what it reads, as a request parser must. */
function careful(body: unknown): string {
  const b = body as { model?: unknown; messages?: unknown };
  if (typeof b.model !== 'string') throw new GatewayError('validation_error', "'model' must be a string", { param: 'model' });
  if (!Array.isArray(b.messages)) throw new GatewayError('validation_error', "'messages' must be an array", { param: 'messages' });
  return b.model;
}

describe('fuzzRequestParser', () => {
  it('passes a parser that only ever rejects with a validation_error naming the field', () => {
    fuzzRequestParser(careful, template, { rounds: 200, seed: 1, maxDepth: 6 });
  });

  it('fails a parser that trusts its input, and does not touch the template', () => {
    const trusting = (body: unknown) => {
      const b = body as typeof template;
      return b.model.length + b.messages.map((m) => m.role.length + m.content.map((p) => p.type.length + p.text.length).length).length;
    };
    assert.throws(() => fuzzRequestParser(trusting, template, { rounds: 200, seed: 1, maxDepth: 6 }), /round \d+: TypeError/);
    assert.deepEqual(template, { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] });
  });
});

describe('assertValidationError', () => {
  it('accepts the exact validation error and rejects anything else', () => {
    const reject = () => careful({});
    assertValidationError(reject, 'model', "'model' must be a string");
    assert.throws(() => assertValidationError(reject, 'messages', "'model' must be a string"));
    assert.throws(() => assertValidationError(() => JSON.parse('{'), undefined, 'x'));
    assert.throws(() => assertValidationError(() => 1, undefined, 'x'));
  });
});
