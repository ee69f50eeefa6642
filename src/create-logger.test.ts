import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createLogger } from './create-logger.js';
import { ConfigError } from './config/config-error.js';

const capture = () => {
  const lines: string[] = [];
  return { lines, destination: { write: (s: string) => void lines.push(s) } };
};

describe('createLogger', () => {
  it('writes JSON lines off a terminal and readable lines with LOG_FORMAT=pretty or on a terminal', () => {
    const json = capture();
    createLogger({ isTty: false, destination: json.destination }).info({ status: 403, reason: 'daily_limit_exceeded' }, 'model call');
    assert.deepEqual({ ...JSON.parse(json.lines[0]), time: 0, pid: 0, hostname: '' }, { level: 30, time: 0, pid: 0, hostname: '', service: 'chuizi', status: 403, reason: 'daily_limit_exceeded', msg: 'model call' });

    for (const opts of [{ format: 'pretty', isTty: false }, { isTty: true }]) {
      const pretty = capture();
      createLogger({ ...opts, destination: pretty.destination }).warn({ status: 403, reason: 'ip_not_allowed', path: '/v1/chat completions' }, 'request refused');
      assert.match(pretty.lines[0], /^\d{2}:\d{2}:\d{2}\.\d{3} WARN  request refused status=403 reason=ip_not_allowed path="\/v1\/chat completions"\n$/);
    }
    const forcedJson = capture();
    createLogger({ format: 'json', isTty: true, destination: forcedJson.destination }).info('x');
    assert.equal(JSON.parse(forcedJson.lines[0]).msg, 'x');
  });

  it('redacts key fields in either format', () => {
    const pretty = capture();
    createLogger({ format: 'pretty', destination: pretty.destination }).info({ apiKey: 'ck-secret', authorization: 'Bearer x' }, 'm');
    assert.ok(!pretty.lines[0].includes('ck-secret') && !pretty.lines[0].includes('Bearer x'));
  });

  it('refuses a bad LOG_LEVEL or LOG_FORMAT with one clear line', () => {
    assert.throws(() => createLogger({ level: 'loud' }), (e) => e instanceof ConfigError && e.message === "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got 'loud'");
    assert.throws(() => createLogger({ format: 'xml' }), /LOG_FORMAT must be json or pretty; got 'xml'/);
  });

  it('`chuizi serve` stops with one line (no stack trace) for a bad LOG_LEVEL or DATABASE_URL', () => {
    const serve = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], { env: { PATH: process.env.PATH ?? '', PORT: '0', CHUIZI_DEMO: '0', DATABASE_URL: 'sqlite::memory:', ...env }, encoding: 'utf8', timeout: 60_000 });
    const level = serve({ LOG_LEVEL: 'loud' });
    assert.equal(level.status, 1);
    assert.equal(level.stderr, "chuizi: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got 'loud'\n");
    const db = serve({ DATABASE_URL: 'mysql://user:pw@db/x' });
    assert.equal(db.status, 1);
    assert.equal(db.stderr, 'chuizi: Invalid DATABASE_URL "mysql://***@db/x": expected sqlite:PATH, sqlite::memory: or postgres://…\n');
  });
});
