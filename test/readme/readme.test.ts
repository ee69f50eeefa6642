import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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

  it('runs the @google/genai quick start as written, against the same gateway and demo key', async () => {
    const demoKey = printed.join('\n').split('\n')[1].trim();
    const script = taggedBlock('genai').replaceAll('http://127.0.0.1:8080', gateway.url);
    // `node --input-type=module -e` resolves `@google/genai` from the working directory, as a project that installed it would.
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', DEMO_KEY: demoKey }, timeout: 60_000,
    });
    assert.match(stdout, /^Hello! \{[\s\S]*promptTokenCount: \d+[\s\S]*\}\nHello, stream!$/);
  });

  it('runs the Responses quick start (openai SDK) as written, with the printed demo key', async () => {
    const demoKey = printed.join('\n').split('\n')[1].trim();
    const code = taggedBlock('responses').replaceAll('http://127.0.0.1:8080', gateway.url);
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', code], {
      cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', DEMO_KEY: demoKey }, timeout: 60_000,
    });
    assert.match(stdout, /^Hello!\nAgain\?\nStream me\ncost: \$0\.\d{8}\n$/);
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
    for (const name of ['PORT', 'HOST', 'CHUIZI_CONFIG', 'DATABASE_URL', 'DATABASE_POOL_SIZE', 'REDIS_URL', 'CHUIZI_ADMIN_TOKEN', 'CHUIZI_DEMO', 'LOG_LEVEL', 'LOG_FORMAT', 'CHUIZI_METRICS_TOKEN', 'CHUIZI_CATALOG', 'OTEL_EXPORTER_OTLP_ENDPOINT']) {
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
    assert.equal(compose.services.gateway.environment.DATABASE_URL, '${DATABASE_URL:-sqlite:/data/chuizi.db}', 'the embedded store unless .env names PostgreSQL');
    assert.equal(compose.services.gateway.environment.REDIS_URL, '${REDIS_URL:-}');
    assert.deepEqual(compose.services.postgres.profiles, ['server-mode']);
    assert.deepEqual(compose.services.redis.profiles, ['server-mode']);
    for (const dep of ['postgres', 'redis']) {
      assert.deepEqual(compose.services.gateway.depends_on[dep], { condition: 'service_healthy', required: false }, `the gateway waits for ${dep} only when the server-mode profile starts it`);
      assert.ok(compose.services[dep].healthcheck, `${dep} has a healthcheck`);
    }
    assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /^\s+Apache License\n\s+Version 2\.0, January 2004\n[\s\S]*END OF TERMS AND CONDITIONS/);
  });
});

/** Starts `command` in the project root and resolves with its printed output once it listens. */
function startProcess(command: string, args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; out: string; url: string }> {
  const child = spawn(command, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  return new Promise((resolvePromise, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolvePromise({ child, out, url: m[1] });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited with ${code} before listening:\n${out}`)));
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  // The whole process group: `npm start` runs the server as its child.
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}

describe('README: npm start, a chosen admin token, and reset', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chuizi-readme-start-'));
  const env = { PORT: '0', DATABASE_URL: `sqlite:${join(dir, 'data', 'chuizi.db')}`, LOG_LEVEL: 'silent' };
  const children: ChildProcess[] = [];
  after(async () => {
    await Promise.all(children.map(stopProcess));
    rmSync(dir, { recursive: true, force: true });
  });

  it('`npm start` builds and serves; `CHUIZI_ADMIN_TOKEN=… npm start` is the accepted admin token; `rm -rf data/` and a new start print a new demo key', { timeout: 180_000 }, async () => {
    assert.match(README, /^npm start$/m);
    assert.match(README, /CHUIZI_ADMIN_TOKEN=\$\(openssl rand -hex 24\) npm start/);
    assert.match(README, /`rm -rf data\/` and start again/);
    const token = randomBytes(24).toString('hex');
    const first = await startProcess('npm', ['start'], { ...env, CHUIZI_ADMIN_TOKEN: token });
    children.push(first.child);
    assert.equal((await fetch(`${first.url}/health`)).status, 200);
    const accounts = await fetch(`${first.url}/admin/v1/accounts`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(accounts.status, 200);
    assert.ok(((await accounts.json()) as { data: Array<{ name: string }> }).data.some((a) => a.name === 'demo'));
    assert.equal((await fetch(`${first.url}/admin/v1/accounts`, { headers: { authorization: 'Bearer not-the-token' } })).status, 401);
    const firstKey = /^\s+(ck-\S+)$/m.exec(first.out)?.[1];
    assert.ok(firstKey, first.out);
    await stopProcess(first.child);

    await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', 'rm -rf data/'], { cwd: dir });
    assert.equal(existsSync(join(dir, 'data')), false);
    // What `npm start` runs once built (the build above is not repeated).
    const second = await startProcess(process.execPath, ['bin/chuizi.js', 'serve'], env);
    children.push(second.child);
    const secondKey = /^\s+(ck-\S+)$/m.exec(second.out)?.[1];
    assert.ok(secondKey && secondKey !== firstKey, 'a reset store prints a new demo key');
    assert.match(second.out, /Admin token for \/admin\/v1 \(shown once/);
  });
});
