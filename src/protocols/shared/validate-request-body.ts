import type { z } from 'zod';
import { GatewayError } from '../../core/index.js';
import { formatValidationIssue } from './format-validation-issue.js';

/**
 * A client's request body (already JSON.parse'd) checked against a protocol's request schema:
 * the parsed body, or GatewayError('validation_error') naming the first field at fault.
 * Anything but a JSON object is rejected before the schema runs.
 */
export function validateRequestBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayError('validation_error', 'The request body must be a JSON object');
  }
  const result = schema.safeParse(body, { reportInput: true });
  if (!result.success) {
    const { param, message } = formatValidationIssue(result.error.issues[0]);
    throw new GatewayError('validation_error', message, { param });
  }
  return result.data;
}
