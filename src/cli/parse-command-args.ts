import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Marks a negative number so parseArgs reads it as a value, not as a short option. */
const NEGATIVE = /^-(?:\d|\.\d)/;
const MARK = '\u0000';

const COMMON = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  json: boolean;
  help: boolean;
}

/**
 * Strict node:util parseArgs plus `--json`/`--help`; negative amounts (`-5.00`) are accepted as
 * positionals and option values. Unknown flags and missing option values become UsageErrors.
 */
export function parseCommandArgs(args: string[], options: Options): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: args.map((a) => (NEGATIVE.test(a) ? MARK + a : a)),
      options: { ...options, ...COMMON },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0].replace(/\. To specify .*$/, '.'));
  }
  const unmark = (v: string): string => (v.startsWith(MARK) ? v.slice(1) : v);
  const values: Record<string, string | boolean | undefined> = {};
  for (const [k, v] of Object.entries(parsed.values)) values[k] = typeof v === 'string' ? unmark(v) : Array.isArray(v) ? undefined : v;
  return { values, positionals: parsed.positionals.map(unmark), json: values.json === true, help: values.help === true };
}

/** The positionals, exactly `names.length` of them. */
export function expectPositionals(p: ParsedArgs, names: string[]): string[] {
  if (p.positionals.length < names.length) throw new UsageError(`missing ${names.slice(p.positionals.length).join(' ')}`);
  if (p.positionals.length > names.length) throw new UsageError(`unexpected argument '${p.positionals[names.length]}'`);
  return p.positionals;
}

/** A string flag's value, or undefined when absent. */
export function stringFlag(p: ParsedArgs, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** `--rpm 60` → 60; anything else is passed through for the shared validation to name. */
export function integerFlag(p: ParsedArgs, name: string): number | string | undefined {
  const v = stringFlag(p, name);
  return v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : v;
}

/** `--models a,b` → ['a', 'b']. */
export function listFlag(p: ParsedArgs, name: string): string[] | undefined {
  return stringFlag(p, name)?.split(',').map((s) => s.trim());
}

/** `--limit N --cursor C` as the admin API's query, so the same parsing names bad values. */
export function pageFlags(p: ParsedArgs): URLSearchParams {
  const q = new URLSearchParams();
  const limit = stringFlag(p, 'limit');
  const cursor = stringFlag(p, 'cursor');
  if (limit !== undefined) q.set('limit', limit);
  if (cursor !== undefined) q.set('cursor', cursor);
  return q;
}
