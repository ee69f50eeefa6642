import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This folder: its own package.json and package-lock.json pin the clients the suite drives. */
export const SUITE_DIR = fileURLToPath(new URL('.', import.meta.url));
const NODE_MODULES = join(SUITE_DIR, 'node_modules');
/** Written after a successful `npm ci`: the SHA-256 of the lockfile it installed. */
const STAMP = join(NODE_MODULES, '.chuizi-installed-lock-sha256');
const LOCK_DIR = join(SUITE_DIR, '.install-lock');
/** The hook timeout the suites give ensureClients (a cold install downloads the ~400 MB Claude Code binary). */
export const INSTALL_TIMEOUT_MS = 15 * 60_000;

function lockfileHash(): string {
  return createHash('sha256').update(readFileSync(join(SUITE_DIR, 'package-lock.json'))).digest('hex');
}

/** Installed from this lockfile, and every pinned client is there at its pinned version. */
function isFresh(): boolean {
  if (!existsSync(STAMP) || readFileSync(STAMP, 'utf8').trim() !== lockfileHash()) return false;
  const pinned: Record<string, string> = JSON.parse(readFileSync(join(SUITE_DIR, 'package.json'), 'utf8')).dependencies ?? {};
  return Object.entries(pinned).every(([name, version]) => {
    try {
      return JSON.parse(readFileSync(join(NODE_MODULES, name, 'package.json'), 'utf8')).version === version;
    } catch {
      return false;
    }
  });
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } }, (err, stdout, stderr) => {
      if (!err) return resolve();
      const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
      reject(new Error(`\`${cmd} ${args.join(' ')}\` in ${cwd} failed (${err.message.split('\n')[0]}):\n${tail}`));
    });
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One installer at a time across test processes: an atomic mkdir, taken over when its owner died. */
async function withInstallLock<T>(fn: () => Promise<T>, deadline: number): Promise<T> {
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(join(LOCK_DIR, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner = Number.NaN;
      try {
        owner = Number(readFileSync(join(LOCK_DIR, 'pid'), 'utf8'));
      } catch {
        /* the owner has not written its pid yet */
      }
      if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
        rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another process has held ${LOCK_DIR} for too long (pid ${owner}); remove it if no install is running`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/**
 * Makes this folder's node_modules match its package-lock.json: runs `npm ci` here when
 * node_modules is missing, was installed from another lockfile (a stamp records the lockfile's
 * hash) or lacks a pinned client at its pinned version. Throws — failing the suite with npm's own output — when it cannot.
 */
export async function ensureClients(timeoutMs = INSTALL_TIMEOUT_MS - 30_000): Promise<'installed' | 'up to date'> {
  if (isFresh()) return 'up to date';
  const deadline = Date.now() + timeoutMs;
  return withInstallLock(async () => {
    if (isFresh()) return 'up to date'; // another test process installed while this one waited
    rmSync(STAMP, { force: true });
    await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], SUITE_DIR, Math.max(1000, deadline - Date.now()));
    writeFileSync(STAMP, `${lockfileHash()}\n`);
    return 'installed';
  }, deadline);
}

/** Imports a client package from this folder's node_modules (after ensureClients). Untyped: the project type-checks without them installed. */
export async function importClient(specifier: string): Promise<any> {
  const target: string = specifier;
  return import(target);
}

/** The exact version this folder pins for a client package. */
export function pinnedVersion(name: string): string {
  const pkg = JSON.parse(readFileSync(join(SUITE_DIR, 'package.json'), 'utf8'));
  const v = pkg.dependencies?.[name];
  if (typeof v !== 'string') throw new Error(`${name} is not a dependency of ${SUITE_DIR}package.json`);
  return v;
}

// `node --import tsx test/clients/ensure-clients.ts` (CI): install once before `npm test`.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = Date.now();
  const state = await ensureClients();
  process.stdout.write(`client compatibility suite: clients in ${SUITE_DIR} ${state} (${Date.now() - t0} ms)\n`);
}
