import { z } from 'zod';
import { GatewayError } from '../core/gateway-error.js';
import { parseMoney, type Money } from '../core/money.js';
import { checkIpEntry } from '../pipeline/authorize.js';

/**
 * The one validation of account and key fields, shared by the admin API (JSON bodies) and the
 * operator CLI (flags mapped onto the same field names). Schemas are compiled once, here.
 */

const MONEY_HINT = 'must be a USD amount (a decimal string or number with at most 8 decimals)';
const RPM_HINT = 'must be a positive integer';
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;

/**
 * An ISO-8601 date (`2030-01-31`, read as UTC midnight) or date-time with a zone
 * (`2030-01-31T12:00:00Z`, `…+01:00`) → epoch ms; undefined for anything else, including
 * impossible calendar dates. A date-time must carry its zone so no server time zone leaks in.
 */
export function parseIsoTime(s: string): { ms: number; dateOnly: boolean } | undefined {
  const m = ISO_8601.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return undefined;
  const ms = m[4] === undefined ? day.getTime() : Date.parse(s);
  return Number.isNaN(ms) ? undefined : { ms, dateOnly: m[4] === undefined };
}

/** A USD amount → integer units; `check` adds a sign rule (returns a problem or undefined). */
function money(check: (units: Money) => string | undefined) {
  return z.union([z.string(), z.number()], MONEY_HINT).transform((value, ctx): Money => {
    const units = parseMoney(value);
    const problem = units === undefined ? MONEY_HINT : check(units);
    if (problem !== undefined || units === undefined) {
      ctx.addIssue({ code: 'custom', message: problem ?? MONEY_HINT, input: value });
      return z.NEVER;
    }
    return units;
  });
}

export const nonNegativeMoney = money((u) => (u < 0 ? 'must not be negative' : undefined));
export const nonZeroMoney = money((u) => (u === 0 ? 'must not be zero' : undefined));

export const nameField = z.string('must be a string').trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const rpmLimitField = z.number(RPM_HINT).int(RPM_HINT).min(1, RPM_HINT).max(1_000_000_000, 'must be at most 1000000000').nullable();

export const allowedModelsField = z
  .array(z.string('must be a string').trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'), 'must be an array of model ids')
  .max(1000, 'must have at most 1000 entries');

export const ipWhitelistField = z
  .array(
    z.string('must be a string').trim().superRefine((entry, ctx) => {
      const problem = checkIpEntry(entry);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: entry });
    }),
    'must be an array of IP addresses or CIDR ranges',
  )
  .max(1000, 'must have at most 1000 entries');

/** An ISO-8601 date or date-time → its canonical `toISOString()` form; null = never expires. */
export const expiresAtField = z
  .string('must be an ISO-8601 date-time or null')
  .trim()
  .transform((s, ctx): string => {
    const t = parseIsoTime(s);
    if (t === undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO-8601 date-time such as 2030-01-31T00:00:00Z', input: s });
      return z.NEVER;
    }
    return new Date(t.ms).toISOString();
  })
  .nullable();

const idField = z.string('must be a string').trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const noteField = z.string('must be a string').max(500, 'must be at most 500 characters').nullable();

export const accountCreateSchema = z.strictObject({
  name: nameField,
  balance: nonNegativeMoney.optional(),
  rpm_limit: rpmLimitField.optional(),
  model_rpm_limit: rpmLimitField.optional(),
});

export const accountPatchSchema = z.strictObject({
  name: nameField.optional(),
  rpm_limit: rpmLimitField.optional(),
  model_rpm_limit: rpmLimitField.optional(),
});

export const creditsSchema = z.strictObject({
  amount: nonZeroMoney,
  note: noteField.optional(),
  /** Allows an adjustment that takes the balance below zero. */
  force: z.boolean('must be true or false').optional(),
});

const keyFields = {
  rpm_limit: rpmLimitField.optional(),
  max_concurrent: z.number('must be a positive integer or null').int('must be a positive integer or null').min(1, 'must be a positive integer or null').max(1_000_000, 'must be at most 1000000').nullable().optional(),
  allowed_models: allowedModelsField.optional(),
  ip_whitelist: ipWhitelistField.optional(),
  daily_limit: nonNegativeMoney.nullable().optional(),
  expires_at: expiresAtField.optional(),
};

export const keyCreateSchema = z.strictObject({ account_id: idField, name: nameField, ...keyFields });

export const keyPatchSchema = z.strictObject({ name: nameField.optional(), ...keyFields, is_active: z.boolean('must be true or false').optional() });

export type AccountCreateInput = z.output<typeof accountCreateSchema>;
export type AccountPatchInput = z.output<typeof accountPatchSchema>;
export type CreditsInput = z.output<typeof creditsSchema>;
export type KeyCreateInput = z.output<typeof keyCreateSchema>;
export type KeyPatchInput = z.output<typeof keyPatchSchema>;

/** How a field path is named in messages: JSON paths for the API, flags for the CLI. */
export type FieldLabel = (path: ReadonlyArray<PropertyKey>) => string;

export const jsonPath: FieldLabel = (path) =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');

/**
 * Validates `input` against one of the schemas above; the first problem becomes a 400
 * GatewayError('validation_error') whose message and `param` name the field.
 */
export function validateFields<S extends z.ZodType>(schema: S, input: unknown, label: FieldLabel = jsonPath): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const field = label([...issue.path, issue.keys[0]]);
    throw new GatewayError('validation_error', `Unknown field '${field}'`, { param: field });
  }
  const field = label(issue.path);
  const missing = (issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined;
  const message = missing ? `'${field}' is required` : `Invalid value for '${field}': ${issue.message}`;
  throw new GatewayError('validation_error', message, { param: field });
}
