import type { ApiKey } from '../../api/types.js';

/** The key form's text fields, as typed. */
export interface KeyFormValues {
  name: string;
  account_id: string;
  rpm_limit: string;
  max_concurrent: string;
  allowed_models: string;
  ip_whitelist: string;
  daily_limit: string;
  /** `<input type="datetime-local">`: local time, no zone. */
  expires_at: string;
  is_active: boolean;
}

export function emptyKeyForm(accountId = ''): KeyFormValues {
  return { name: '', account_id: accountId, rpm_limit: '', max_concurrent: '', allowed_models: '', ip_whitelist: '', daily_limit: '', expires_at: '', is_active: true };
}

export function keyFormOf(k: ApiKey): KeyFormValues {
  return {
    name: k.name, account_id: k.account_id,
    rpm_limit: k.rpm_limit === null ? '' : String(k.rpm_limit),
    max_concurrent: k.max_concurrent === null ? '' : String(k.max_concurrent),
    allowed_models: k.allowed_models.join(', '), ip_whitelist: k.ip_whitelist.join(', '),
    daily_limit: k.daily_limit ?? '', expires_at: k.expires_at ? toLocalInput(k.expires_at) : '', is_active: k.is_active,
  };
}

/**
 * The admin API body: blank limits are `null` (no limit) on edit and left out on create; lists
 * split on commas and whitespace; numbers that are not integers are sent as typed so the
 * gateway's validation names the field.
 */
export function keyBody(v: KeyFormValues, mode: 'create' | 'edit'): Record<string, unknown> {
  const blank = mode === 'edit' ? null : undefined;
  const int = (s: string) => (s.trim() === '' ? blank : /^\d+$/.test(s.trim()) ? Number(s.trim()) : s.trim());
  const list = (s: string) => s.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);
  const body: Record<string, unknown> = {
    name: v.name.trim(),
    rpm_limit: int(v.rpm_limit),
    max_concurrent: int(v.max_concurrent),
    allowed_models: list(v.allowed_models),
    ip_whitelist: list(v.ip_whitelist),
    daily_limit: v.daily_limit.trim() === '' ? blank : v.daily_limit.trim(),
    expires_at: v.expires_at === '' ? blank : fromLocalInput(v.expires_at),
  };
  if (mode === 'create') body.account_id = v.account_id;
  else body.is_active = v.is_active;
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return body;
}

function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function fromLocalInput(value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}
