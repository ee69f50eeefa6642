import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { parse as parseYaml } from 'yaml';
import { startGateway, type RunningGateway } from '../../src/start-gateway.js';

// The README is run, not just read: its operator walk-through runs in a real shell (with `npx
// chuizi` mapped to the CLI's source), its quick-start curl against a fresh gateway with the demo
// key it prints, and every link, variable and file it names must exist.
const ROOT = resolve(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The fenced block right after `<!-- readme-test: NAME -->`. */
function taggedBlock(name: string): string {
  const m = new RegExp(`<!-- readme-test: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(README);
  assert.ok(m, `README has a block tagged ${name}`);
  return m[1];
}

/** The first fenced block after the line containing `marker`. */
function blockAfter(marker: string): string {
  const at = README.indexOf(marker);
  assert.ok(at >= 0, marker);
  const m = /```\w*\n([\s\S]*?)\n```/.exec(README.slice(at));
  assert.ok(m);
  return m[1];
}

describe('README', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chuizi-readme-'));
  const env = { DATABASE_URL: `sqlite:${join(dir, 'chuizi.db')}` };
  const printed: string[] = [];
  let gateway: RunningGateway;
  before(async () => {
    gateway = await startGateway({ env, log: pino({ level: 'silent' }), port: 0, print: (l) => printed.push(l) });
  });
  after(async () => {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs a README snippet in bash: `npx chuizi` is the CLI from source, the gateway is the test's (asynchronously: it answers the snippet's curl). */
  const bash = async (script: string, extraEnv: Record<string, string> = {}): Promise<string> =>
    (await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', `npx() { [ "$1" = chuizi ] || return 99; shift; node --import "${import.meta.resolve('tsx')}" "${ROOT}/src/cli/main.ts" "$@"; }\n${script.replaceAll('http://127.0.0.1:8080', gateway.url)}`], {
      cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, ...env, ...extraEnv }, timeout: 100_000,
    })).stdout;

  it('first start prints what the quick start shows, and its curl answers with the printed demo key', async () => {
    const shown = blockAfter('copy both now:').split('\n').slice(0, 4);
    const lines = printed.join('\n').split('\n');
    shown.forEach((line, i) => assert.match(lines[i], new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('…', '\\S+')}$`)));
    const demoKey = lines[1].trim();
    const answer = JSON.parse(await bash(blockAfter('so you can try everything'), { DEMO_KEY: demoKey }));
    assert.equal(answer.choices[0].message.content, 'Hello!');
    assert.match(answer.x_chuizi.cost, /^0\.\d{8}$/);
  });

  it("runs the operator's first day, command by command", async () => {
    const script = taggedBlock('operator');
    const out = await bash(`${script}\necho "ACCOUNT=$ACCOUNT"\necho "KEY=$KEY"`);
    const account = /ACCOUNT=(acct_\S+)/.exec(out)?.[1];
    const key = /KEY=(ck-\S+)/.exec(out)?.[1];
    assert.ok(account && key, out);
    assert.match(out, /^20\.00000000$/m, 'credits add printed the balance');
    assert.match(out, /"content":"Hi"/, 'the call answered');
    assert.match(out, /\bmock\/echo\s+1\s+\d+\s+\d+\s+\$0\.\d{8}/, 'usage shows the call');
    assert.match(out, /\bcredits\.add\b/, 'the audit log shows the top-up');
    assert.match(out, /ledger OK/);
  });

  it('links only to files and sections that exist', () => {
    const slugs = new Set([...README.matchAll(/^#+ (.+)$/gm)].map((m) => m[1].toLowerCase().replace(/[^a-z0-9 -]/g, '').trim().replace(/ /g, '-')));
    for (const [, target] of README.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^https?:\/\//.test(target)) continue;
      if (target.startsWith('#')) assert.ok(slugs.has(target.slice(1)), `README links to #${target.slice(1)}, which is no heading`);
      else assert.ok(existsSync(join(ROOT, target.split('#')[0])), `README links to ${target}, which does not exist`);
    }
  });

  it('names every environment variable the gateway reads, and .env.example has the same ones', () => {
    const table = [...README.slice(README.indexOf('### Environment'), README.indexOf('### Config file')).matchAll(/^\| `([A-Z_]+)`/gm)].map((m) => m[1]);
    const example = new Set([...readFileSync(join(ROOT, '.env.example'), 'utf8').matchAll(/^#? ?([A-Z][A-Z_]+)=/gm)].map((m) => m[1]));
    for (const name of ['PORT', 'HOST', 'CHUIZI_CONFIG', 'DATABASE_URL', 'CHUIZI_ADMIN_TOKEN', 'CHUIZI_DEMO', 'LOG_LEVEL', 'LOG_FORMAT']) {
      assert.ok(table.includes(name), `README's environment table lacks ${name}`);
      assert.ok(example.has(name), `.env.example lacks ${name}`);
    }
  });

  it('Dockerfile and compose.yaml name what exists', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    for (const [, sources] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const src of sources.split(/\s+/)) assert.ok(existsSync(join(ROOT, src)), `Dockerfile copies ${src}, which does not exist`);
    }
    assert.match(dockerfile, /CMD \["node", "bin\/chuizi\.js", "serve"\]/);
    const compose = parseYaml(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'));
    assert.deepEqual(Object.keys(compose.services), ['gateway', 'postgres', 'redis']);
    assert.equal(compose.services.gateway.environment.DATABASE_URL, 'sqlite:/data/chuizi.db', 'server mode is not built: the gateway runs on SQLite');
    assert.deepEqual(compose.services.postgres.profiles, ['server-mode']);
    assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /^\s+Apache License\n\s+Version 2\.0, January 2004\n[\s\S]*END OF TERMS AND CONDITIONS/);
  });
});
