import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const EMPTY_CONFIG = join(mkdtempSync(join(tmpdir(), 'chuizi-models-')), 'chuizi.config.json');
writeFileSync(EMPTY_CONFIG, '{}');
after(() => rmSync(dirname(EMPTY_CONFIG), { recursive: true, force: true }));

/** Runs the CLI in its own process (the price catalog is process-wide state). */
function chuizi(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const script = `import(${JSON.stringify(MAIN)}).then((m) => m.main(${JSON.stringify(args)})).then((c) => { process.exitCode = c; });`;
  return new Promise((resolve) => {
    // An empty config file: what a chuizi.config.yaml in the working directory says does not matter.
    const env2 = { PATH: process.env.PATH ?? '', CHUIZI_DEMO: '0', CHUIZI_CONFIG: EMPTY_CONFIG, ...env };
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: env2 }, (err, out, errOut) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out, err: errOut });
    });
  });
}

describe('chuizi models', () => {
  it('lists the built-in models with catalog prices including markup, context window, output limit and capabilities', async () => {
    const r = await chuizi(['models', '--json'], { ANTHROPIC_API_KEY: 'sk-test' });
    assert.equal(r.code, 0, r.err);
    const data = JSON.parse(r.out).data as any[];
    const sonnet = data.find((m) => m.id === 'anthropic/claude-sonnet-4-5');
    assert.ok(sonnet, 'a built-in model');
    assert.equal(sonnet.served, true);
    assert.equal(sonnet.pricing.input, '3.15', '$3/M upstream × markup 1.05');
    assert.equal(sonnet.pricing.output, '15.75');
    assert.equal(sonnet.context_window, 200000);
    assert.equal(sonnet.max_output_tokens, 64000);
    assert.deepEqual(sonnet.capabilities, ['tools', 'vision', 'json', 'reasoning']);
    assert.ok(!data.some((m) => m.id.startsWith('openai/')), 'only enabled vendors without --all');
    const all = JSON.parse((await chuizi(['models', '--json', '--all'], { ANTHROPIC_API_KEY: 'sk-test' })).out).data as any[];
    const gpt = all.find((m) => m.id === 'openai/gpt-4.1');
    assert.equal(gpt.served, false);
  });

  it('takes prices, context windows and models from a newer catalog file (CHUIZI_CATALOG), and names a bad one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chuizi-catalog-'));
    try {
      const file = join(dir, 'data.json');
      const catalog = [{ id: 'openai', name: 'OpenAI', api_pattern: 'api\\.openai\\.com', models: [{ id: 'gpt-4.1', match: { equals: 'gpt-4.1' }, context_window: 12345, prices: { input_mtok: 1, output_mtok: 2, cache_read_mtok: 0.5 } }] }];
      writeFileSync(file, JSON.stringify(catalog));
      const r = await chuizi(['models', '--json'], { OPENAI_API_KEY: 'sk-test', CHUIZI_CATALOG: file });
      assert.equal(r.code, 0, r.err);
      const data = JSON.parse(r.out).data as any[];
      assert.deepEqual(data.map((m) => m.id), ['openai/gpt-4.1'], 'models missing from the catalog are not served');
      assert.equal(data[0].pricing.input, '1.05');
      assert.equal(data[0].pricing.output, '2.10');
      assert.equal(data[0].pricing.cache_read, '0.525');
      assert.equal(data[0].context_window, 12345);
      const table = await chuizi(['models'], { OPENAI_API_KEY: 'sk-test', CHUIZI_CATALOG: file });
      assert.match(table.out, /^openai\/gpt-4\.1\s+\$1\.05\s+\$2\.10\s+\$0\.525\s+12345\s+32768\s+tools,vision,json\s+openai:gpt-4\.1$/m);
      writeFileSync(file, '{"not": "a catalog"}');
      const bad = await chuizi(['models'], { OPENAI_API_KEY: 'sk-test', CHUIZI_CATALOG: file });
      assert.notEqual(bad.code, 0);
      assert.match(bad.err, new RegExp(`the price catalog ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not a genai-prices data file`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
