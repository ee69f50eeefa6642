import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

/*
 * The import rules of src/protocols: a protocol never imports another protocol (cross-protocol
 * code lives at this folder's root, in tests only), and shared/ is no protocol: it imports only
 * src/core, npm packages and itself.
 */

const ROOT = new URL('./', import.meta.url);
const SPECIFIER = /\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g;

/** Every relative import of the folder's .ts files, as [file, specifier]. */
function relativeImports(folder: string): Array<[string, string]> {
  const dir = new URL(`${folder}/`, ROOT);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((file) => [...readFileSync(new URL(file, dir), 'utf8').matchAll(SPECIFIER)].map((m): [string, string] => [file, m[1] ?? m[2]]))
    .filter(([, spec]) => spec.startsWith('.'));
}

describe('protocol boundaries', () => {
  const protocols = readdirSync(ROOT, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'shared')
    .map((d) => d.name);

  it('finds the protocol folders', () => {
    for (const name of ['anthropic-messages', 'openai-chat']) assert.ok(protocols.includes(name), name);
  });

  for (const protocol of protocols) {
    it(`${protocol} imports only itself, shared/ and core`, () => {
      const outside = relativeImports(protocol).filter(([, spec]) => !/^\.\/[^/]+\.js$|^\.\.\/shared\/[^/]+\.js$|^\.\.\/\.\.\/core\/index\.js$/.test(spec));
      assert.deepEqual(outside, []);
    });
  }

  it('shared/ imports only itself and core', () => {
    const outside = relativeImports('shared').filter(([, spec]) => !/^\.\/[^/]+\.js$|^\.\.\/\.\.\/core\/index\.js$/.test(spec));
    assert.deepEqual(outside, []);
  });
});
