import { readFileSync } from 'node:fs';

/** Readers of the `__fixtures__/` folder beside `moduleUrl` (a test helper's `import.meta.url`). For tests. */
export function readFixtures(moduleUrl: string): { text(name: string): string; json(name: string): any } {
  const folder = new URL('./__fixtures__/', moduleUrl);
  const text = (name: string) => readFileSync(new URL(name, folder), 'utf8');
  return { text, json: (name) => JSON.parse(text(name)) };
}
