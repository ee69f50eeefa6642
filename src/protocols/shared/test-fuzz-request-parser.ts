import assert from 'node:assert/strict';
import { GatewayError } from '../../core/index.js';
import { seededRandom } from './test-seeded-random.js';

/** Values a mangled body gets in place of one of its nodes. */
export const FUZZ_JUNK: readonly unknown[] = [null, undefined, 0, -1, 1e308, '', 'NaN', true, [], {}, [[]], { a: { b: {} } }, '\u0000', [null]];

export interface FuzzOptions {
  rounds: number;
  seed: number;
  /** How deep the walk to the node to replace may go. */
  maxDepth: number;
  junk?: readonly unknown[];
}

/**
 * Feeds `parse` `rounds` copies of a valid `template` body, each with one random node (at most
 * `maxDepth` levels down) replaced by junk. Whatever `parse` throws must be a validation_error
 * whose message quotes the field at fault: never a TypeError. For hostile-input tests.
 */
export function fuzzRequestParser(parse: (body: unknown) => unknown, template: Record<string, unknown>, options: FuzzOptions): void {
  const rand = seededRandom(options.seed);
  const junk = options.junk ?? FUZZ_JUNK;
  for (let round = 0; round < options.rounds; round++) {
    const body = structuredClone(template);
    // Walk to a random node and replace one of its children with junk.
    let node: unknown = body;
    for (let depth = 0; depth < options.maxDepth; depth++) {
      const keys = node && typeof node === 'object' ? Object.keys(node) : [];
      if (keys.length === 0) break;
      const key = keys[rand(keys.length)];
      const child = (node as Record<string, unknown>)[key];
      if (rand(3) === 0 || child === null || typeof child !== 'object') {
        (node as Record<string, unknown>)[key] = junk[rand(junk.length)];
        break;
      }
      node = child;
    }
    try {
      parse(body);
    } catch (err) {
      assert.ok(err instanceof GatewayError, `round ${round}: ${String(err)} for ${JSON.stringify(body)}`);
      assert.equal(err.reason, 'validation_error');
      assert.match(err.message, /'[^']+'/);
    }
  }
}
