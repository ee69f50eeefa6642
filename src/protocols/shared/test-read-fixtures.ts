import { readFileSync } from 'node:fs';

/** Readers of the `__fixtures__/` folder beside `moduleUrl` (a test helper's `import.meta.url`). For tests. */
export function readFixtures(moduleUrl: string): { bytes(name: string): Buffer; text(name: string): string; json(name: string): any } {
  const folder = new URL('./__fixtures__/', moduleUrl);
  const bytes = (name: string) => readFileSync(new URL(name, folder));
  const text = (name: string) => bytes(name).toString('utf8');
  return { bytes, text, json: (name) => JSON.parse(text(name)) };
}
