import { existsSync, readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode } from 'yaml';

import { configSchema, type RawConfig } from './config-schema.js';
import type { GatewayConfig } from './gateway-config.js';
import { resolveConfig } from './resolve-config.js';
import { ConfigError } from './config-error.js';

export { ConfigError };

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Explicit file path; else CHUIZI_CONFIG, else ./chuizi.config.yaml when present. */
  path?: string;
  /** An already-parsed config object (tests); skips the file. */
  raw?: unknown;
}

/**
 * Loads, validates and resolves the configuration once at start. A bad file throws a
 * ConfigError naming the field and its line.
 */
export function loadConfig(opts: LoadConfigOptions = {}): GatewayConfig {
  const env = opts.env ?? process.env;
  if (opts.raw !== undefined) return resolveConfig(validate(substituteEnv(opts.raw, env, []), 'config'), env, 'inline config');
  const path = opts.path ?? env.CHUIZI_CONFIG ?? (existsSync('chuizi.config.yaml') ? 'chuizi.config.yaml' : undefined);
  if (!path) return resolveConfig({}, env, 'environment');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new ConfigError(`config file ${path}: ${e.message.split('\n')[0]}${e.linePos ? ` (line ${e.linePos[0].line})` : ''}`);
  }
  const raw = doc.toJS() ?? {};
  const lineOf = (p: Array<string | number>): string => {
    for (let i = p.length; i > 0; i--) {
      const node = doc.getIn(p.slice(0, i), true);
      if (isNode(node) && node.range) return ` (line ${lineCounter.linePos(node.range[0]).line})`;
    }
    return '';
  };
  return resolveConfig(validate(substituteEnv(raw, env, []), path, lineOf), env, path);
}

function validate(raw: unknown, source: string, lineOf: (p: Array<string | number>) => string = () => ''): RawConfig {
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const p = issue.path.filter((x): x is string | number => typeof x !== 'symbol');
  const where = p.length ? formatPath(p) : '(top level)';
  const msg = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}` : issue.message;
  throw new ConfigError(`invalid config in ${source}: ${where}: ${msg}${lineOf(p)}`);
}

export function formatPath(p: Array<string | number>): string {
  return p.map((x, i) => (typeof x === 'number' ? `[${x}]` : i === 0 ? x : `.${x}`)).join('');
}

/** Replaces ${VAR} in every string value with the environment's value. */
function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, path: Array<string | number>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const v = env[name];
      if (v === undefined) throw new ConfigError(`config field ${formatPath(path)} uses \${${name}}, which is not set in the environment`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, [...path, i]));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substituteEnv(v, env, [...path, k]);
    return out;
  }
  return value;
}

