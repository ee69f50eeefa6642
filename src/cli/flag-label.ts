import type { FieldLabel } from '../admin/key-fields.js';

/** The CLI names of the shared fields, so validation messages name what the operator typed. */
const FLAGS: Record<string, string> = {
  name: '--name',
  balance: '--balance',
  rpm_limit: '--rpm',
  max_concurrent: '--max-concurrent',
  model_rpm_limit: '--model-rpm',
  account_id: '--account',
  allowed_models: '--models',
  ip_whitelist: '--ip',
  daily_limit: '--daily-limit',
  expires_at: '--expires',
  amount: 'USD',
  note: '--note',
  force: '--force',
  is_active: '--active',
};

export const flagLabel: FieldLabel = (path) => {
  const field = String(path[0] ?? '');
  return FLAGS[field] ?? field;
};
