import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { assertValidationError as assertRejects } from './test-assert-validation-error.js';
import { nonEmptyStr } from './field-schemas.js';
import { validateRequestBody } from './validate-request-body.js';

const schema = z.object({ model: nonEmptyStr() });

describe('validateRequestBody', () => {
  it('returns the parsed body, without the fields the schema does not know', () => {
    assert.deepEqual(validateRequestBody(schema, { model: 'm', extra: 1 }), { model: 'm' });
  });

  it('rejects anything but a JSON object before the schema runs', () => {
    for (const body of [null, undefined, [], '{"model":"m"}', 42]) assertRejects(() => validateRequestBody(schema, body), undefined, 'The request body must be a JSON object');
  });

  it('rejects an invalid body naming the first field at fault', () => {
    assertRejects(() => validateRequestBody(schema, {}), 'model', "'model' is required");
    assertRejects(() => validateRequestBody(schema, { model: 7 }), 'model', "'model' must be a non-empty string");
  });
});
