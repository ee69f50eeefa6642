import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Child processes of the benchmark: every server and the load generator run in their own
 * process. Each one is registered here so that `stopAll` (normal end, error, SIGINT) and
 * `killAllSync` (the parent's `exit`) leave nothing running.
 */

export interface Spawned {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** The last lines the process wrote (stdout and stderr), for error messages. */
  tail(): string;
  /** Resolves with the first stdout/stderr line matching `re`. */
  waitForLine(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the first IPC message for which `accept` returns true. */
  waitForMessage<T>(accept: (m: unknown) => m is T, timeoutMs?: number): Promise<T>;
  /** SIGTERM (or `signal`), then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  readonly exited: Promise<number | null>;
}

const live = new Set<Spawned>();
const TAIL_LINES = 40;

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Opens an IPC channel (advanced serialization, so typed arrays travel as such). */
  ipc?: boolean;
  /** Echo the child's stderr to ours, prefixed with its name. */
  echoStderr?: boolean;
  /** Also append every line the child writes to this file. */
  logFile?: string;
  /** The process is meant to finish by itself (a build): its exit is not reported as unexpected. */
  expectExit?: boolean;
}

/** Runs a TypeScript file of this folder with `node --import tsx`, IPC on. */
export function spawnBenchScript(name: string, file: string, args: string[] = [], opts: SpawnOptions = {}): Spawned {
  const path = fileURLToPath(new URL(file, import.meta.url));
  return spawnProcess(name, process.execPath, ['--import', 'tsx', path, ...args], { ipc: true, ...opts });
}

export function spawnProcess(name: string, command: string, args: string[], opts: SpawnOptions = {}): Spawned {
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: opts.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    serialization: opts.ipc ? 'advanced' : undefined,
  });
  if (child.pid === undefined) throw new Error(`could not start ${name}`);
  const lines: string[] = [];
  const lineListeners = new Set<(line: string) => void>();
  const onText = (isErr: boolean) => {
    let partial = '';
    return (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length > TAIL_LINES) lines.shift();
        if (isErr && opts.echoStderr) process.stderr.write(`[${name}] ${line}\n`);
        if (opts.logFile) appendFileSync(opts.logFile, `${line}\n`);
        for (const l of lineListeners) l(line);
      }
    };
  };
  // Always drain both pipes: a child blocked on a full pipe would distort every number.
  child.stdout?.on('data', onText(false));
  child.stderr?.on('data', onText(true));

  let stopRequested = false;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => {
    if (signal) lines.push(`(${name} ended by ${signal})`);
    if (!stopRequested && !opts.expectExit) process.stderr.write(`[bench] ${name} (pid ${child.pid}) exited unexpectedly: ${signal ?? `code ${code}`}\n`);
    resolve(code);
  }));
  const sp: Spawned = {
    name,
    child,
    pid: child.pid,
    exited,
    tail: () => lines.join('\n'),
    waitForLine(re, timeoutMs = 30_000) {
      return race(name, timeoutMs, exited, sp.tail, (resolve) => {
        for (const line of lines) {
          const m = re.exec(line);
          if (m) return resolve(m);
        }
        const listener = (line: string) => {
          const m = re.exec(line);
          if (m) {
            lineListeners.delete(listener);
            resolve(m);
          }
        };
        lineListeners.add(listener);
      });
    },
    waitForMessage<T>(accept: (m: unknown) => m is T, timeoutMs = 30_000) {
      return race<T>(name, timeoutMs, exited, sp.tail, (resolve) => {
        const listener = (m: unknown) => {
          if (!accept(m)) return;
          child.off('message', listener);
          resolve(m);
        };
        child.on('message', listener);
      });
    },
    async stop(signal = 'SIGTERM', graceMs = 3000) {
      stopRequested = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      live.delete(sp);
    },
  };
  live.add(sp);
  exited.then(() => live.delete(sp));
  return sp;
}

function race<T>(name: string, timeoutMs: number, exited: Promise<number | null>, tail: () => string, start: (resolve: (v: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: timed out after ${timeoutMs} ms\n${tail()}`)), timeoutMs);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code === null ? 'killed by a signal' : `code ${code}`})\n${tail()}`));
    });
    start((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

/** Stops every child still running (SIGTERM, then SIGKILL after a grace period). */
export async function stopAll(graceMs = 3000): Promise<void> {
  await Promise.all([...live].map((sp) => sp.stop('SIGTERM', graceMs)));
}

/** For the parent's synchronous `exit` handler: SIGKILL whatever is left. */
export function killAllSync(): void {
  for (const sp of live) {
    try {
      sp.child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}
