import { describe, it } from 'node:test';
import { assertValidationError } from './test-assert-validation-error.js';
import { fuzzRequestParser, type FuzzOptions } from './test-fuzz-request-parser.js';

/** [label, body, the param the error must name, its exact message] */
export type HostileCase = [label: string, body: unknown, param: string | undefined, message: string];

/**
 * The hostile-input suite every protocol's request parser passes: each case is rejected with a
 * 400 validation_error naming its field, and randomly mangled copies of a valid `template` never
 * make it throw anything else (a TypeError reaching a client would be a 500).
 */
export function describeHostileBodies(
  parse: (body: unknown) => unknown,
  cases: readonly HostileCase[],
  fuzz: FuzzOptions & { template: Record<string, unknown> },
): void {
  describe('parseRequest on hostile bodies', () => {
    for (const [label, body, param, message] of cases) {
      it(`rejects ${label}`, () => assertValidationError(() => parse(body), param, message));
    }

    it('never lets anything but a GatewayError escape on randomly mangled bodies', () => {
      fuzzRequestParser(parse, fuzz.template, fuzz);
    });
  });
}
