import { existsSync, readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode } from 'yaml';

import { z } from 'zod';
import { configSchema, type RawConfig } from './config-schema.js';
import { suggestName } from './suggest-name.js';
import type { GatewayConfig } from './gateway-config.js';
import { resolveConfig } from './resolve-config.js';
import { ConfigError } from './config-error.js';

export { ConfigError };

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Explicit file path; else CHUIZI_CONFIG, else the first of CONFIG_FILES present in the working directory. */
  path?: string;
  /** An already-parsed config object (tests); skips the file. */
  raw?: unknown;
}

/** Looked for in the working directory when CHUIZI_CONFIG is unset, in this order. */
export const CONFIG_FILES = ['chuizi.config.yaml', 'chuizi.config.yml', 'chuizi.config.json'];

/** Where a field is, for messages: ` (file F, line N)`, or '' when unknown. */
export type Locate = (path: Array<string | number>) => string;

/**
 * Loads, validates and resolves the configuration once at start. A bad file throws a
 * ConfigError naming the field and its line.
 */
export function loadConfig(opts: LoadConfigOptions = {}): GatewayConfig {
  const env = opts.env ?? process.env;
  if (opts.raw !== undefined) return resolveConfig(validate(substituteEnv(opts.raw, env, []), 'config'), env, 'inline config');
  const path = opts.path ?? env.CHUIZI_CONFIG ?? CONFIG_FILES.find((f) => existsSync(f));
  if (!path) return resolveConfig({}, env, 'environment');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  // A JSON file is read as JSON (its errors are JSON's); YAML, a superset, still gives the lines.
  const isJson = /\.json$/i.test(path) || /^\s*[{[]/.test(text);
  if (isJson) {
    try {
      JSON.parse(text);
    } catch (err) {
      throw new ConfigError(`config file ${path} is not valid JSON: ${jsonProblem(text, (err as Error).message)}`);
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new ConfigError(`config file ${path} is not valid YAML: ${e.message.split('\n')[0]}${e.linePos ? ` (line ${e.linePos[0].line})` : ''}`);
  }
  const raw = doc.toJS() ?? {};
  const lineOf: Locate = (p) => {
    for (let i = p.length; i > 0; i--) {
      const node = doc.getIn(p.slice(0, i), true);
      if (isNode(node) && node.range) return ` (line ${lineCounter.linePos(node.range[0]).line})`;
    }
    return '';
  };
  const locate: Locate = (p) => ` (${path}${lineOf(p).replace(/^ \(/, ', ').replace(/\)$/, '')})`;
  return resolveConfig(validate(substituteEnv(raw, env, []), path, lineOf), env, path, locate);
}

/** JSON.parse's message with the line of its position, when it gives one. */
function jsonProblem(text: string, message: string): string {
  const at = /position (\d+)/.exec(message);
  if (!at) return message;
  const line = text.slice(0, Number(at[1])).split('\n').length;
  return `${message.replace(/ in JSON at position \d+.*$/, '')} (line ${line})`;
}

function validate(raw: unknown, source: string, lineOf: (p: Array<string | number>) => string = () => ''): RawConfig {
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const p = issue.path.filter((x): x is string | number => typeof x !== 'symbol');
  const where = p.length ? formatPath(p) : '(top level)';
  let msg = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(configSchema, p);
    const hints = issue.keys.map((k) => {
      const near = suggestName(k, known);
      return near ? `'${k}' (did you mean '${near}'?)` : `'${k}'`;
    });
    msg = `unknown field${issue.keys.length > 1 ? 's' : ''} ${hints.join(', ')}${known.length ? `; known fields: ${known.join(', ')}` : ''}`;
  } else if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
    msg = 'required';
  }
  throw new ConfigError(`invalid config in ${source}: ${where}: ${msg}${lineOf(p)}`);
}

/** The field names the schema allows at `path` (for suggesting the intended one of a misspelt key). */
function knownKeysAt(schema: z.ZodType, path: Array<string | number>): string[] {
  let s: z.ZodType | undefined = schema;
  const unwrap = (t: z.ZodType): z.ZodType => {
    let cur = t;
    for (let i = 0; i < 10 && (cur instanceof z.ZodOptional || cur instanceof z.ZodNullable || cur instanceof z.ZodDefault); i++) cur = (cur as z.ZodOptional<z.ZodType>).unwrap() as z.ZodType;
    return cur;
  };
  for (const step of path) {
    if (!s) return [];
    s = unwrap(s);
    if (typeof step === 'number') s = s instanceof z.ZodArray ? (s.element as z.ZodType) : undefined;
    else s = s instanceof z.ZodObject ? (s.shape as Record<string, z.ZodType>)[step] : undefined;
  }
  if (!s) return [];
  s = unwrap(s);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
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

