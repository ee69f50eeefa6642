import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { SUITE_DIR } from './ensure-clients.js';

/** The native Claude Code binary the suite's `npm ci` installed (its postinstall puts it here). */
export const CLAUDE_BIN = join(SUITE_DIR, 'node_modules', '@anthropic-ai', 'claude-code', 'bin', 'claude.exe');

export interface ClaudeCodeRun {
  exitCode: number | null;
  /** The parsed `--output-format json` result; undefined when stdout was not JSON. */
  result: any;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * The environment that points Claude Code at the gateway (the README's Claude Code section), plus
 * what keeps a test run hermetic: a throwaway HOME and config dir, and a trap proxy for any other host.
 */
export function claudeCodeEnv(o: { gatewayUrl: string; key: string; model: string; home: string; trapUrl: string }): Record<string, string> {
  return {
    // what a user sets
    ANTHROPIC_BASE_URL: `${o.gatewayUrl}/anthropic`,
    ANTHROPIC_API_KEY: o.key,
    ANTHROPIC_DEFAULT_OPUS_MODEL: o.model,
    ANTHROPIC_DEFAULT_SONNET_MODEL: o.model,
    ANTHROPIC_DEFAULT_HAIKU_MODEL: o.model,
    ANTHROPIC_SMALL_FAST_MODEL: o.model, // the older name of the Haiku-class setting
    CLAUDE_CODE_SUBAGENT_MODEL: o.model,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', // = DISABLE_AUTOUPDATER, DISABLE_BUG_COMMAND, DISABLE_ERROR_REPORTING, DISABLE_TELEMETRY
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    // hermetic test run
    HOME: o.home,
    CLAUDE_CONFIG_DIR: join(o.home, '.claude'),
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HTTPS_PROXY: o.trapUrl,
    HTTP_PROXY: o.trapUrl,
    NO_PROXY: '127.0.0.1,localhost',
  };
}

/** Runs `claude` headless with `args` in `cwd` and the given environment only; never throws on a failing run. */
export function runClaudeCode(args: string[], opts: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<ClaudeCodeRun> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = execFile(CLAUDE_BIN, args, { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      let result: any;
      try {
        result = JSON.parse(stdout);
      } catch {
        result = undefined;
      }
      const exitCode = err ? (typeof (err as any).code === 'number' ? (err as any).code : null) : 0;
      resolve({ exitCode, result, stdout, stderr: stderr + (err && exitCode === null ? `\n${err.message}` : ''), ms: Date.now() - t0 });
    });
    child.stdin?.end();
  });
}
