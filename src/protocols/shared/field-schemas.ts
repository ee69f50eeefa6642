import { z } from 'zod';

/*
 * Zod builders for request fields whose error messages are predicate phrases ("must be …",
 * "expected …"): formatValidationIssue turns them into a sentence that names the field. Both
 * request schemas are written with these, so a client reads the same kind of message whichever
 * protocol it speaks; what a field must be stays in each protocol's own schema.
 */

/** The error option `must be <what>`. */
export const must = (what: string) => ({ error: `must be ${what}` });
/** The error option `expected <what>` (for enums and unions: "expected one of …"). */
export const expected = (what: string) => ({ error: `expected ${what}` });

export const str = () => z.string(must('a string'));
export const nonEmptyStr = () => z.string(must('a non-empty string')).min(1, must('a non-empty string'));
export const bool = () => z.boolean(must('a boolean'));
export const jsonObject = () => z.record(z.string(), z.unknown(), must('a JSON object'));

export function numberBetween(min: number, max: number) {
  const e = must(`a number between ${min} and ${max}`);
  return z.number(e).min(min, e).max(max, e);
}

export function integerBetween(min: number, max: number) {
  const e = must(`an integer between ${min} and ${max}`);
  return z.int(e).min(min, e).max(max, e);
}

export function integerAtLeast(min: number) {
  const e = must(min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer of at least ${min}`);
  return z.int(e).min(min, e);
}
