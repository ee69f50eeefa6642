/** The admin API's and key endpoints' JSON shapes (money as 8-decimal USD strings). */

export interface Account {
  id: string;
  name: string;
  balance: string;
  held: string;
  rpm_limit: number | null;
  model_rpm_limit?: number | null;
  created_at: string;
}

export interface ApiKey {
  id: string;
  account_id: string;
  name: string;
  key_prefix: string;
  group?: string | null;
  rpm_limit: number | null;
  max_concurrent: number | null;
  allowed_models: string[];
  ip_whitelist: string[];
  daily_limit: string | null;
  is_active: boolean;
  expires_at: string | null;
  state: 'active' | 'disabled' | 'expired';
  created_at: string;
  last_used_at: string | null;
}

export interface CreatedKey extends ApiKey {
  key: string;
}

export interface Generation {
  id: string;
  model: string;
  provider: string | null;
  protocol: string;
  streamed: boolean;
  status: 'completed' | 'failed' | 'cancelled' | 'pending';
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost: string;
  upstream_cost: string;
  latency_ms: number | null;
  generation_time_ms: number | null;
  finish_reason: string | null;
  usage_source: string | null;
  created_at: string;
  account_id?: string;
  key_id?: string;
  request_id?: string | null;
  error_reason?: string | null;
}

export interface UsageRow {
  day?: string;
  model?: string;
  key_id?: string;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cost: string;
}

export interface Transaction {
  id: string;
  type: string;
  amount: string;
  balance_after: string;
  generation_id: string | null;
  key_id: string | null;
  note: string | null;
  created_at: string;
}

export interface ProviderTarget {
  model: string;
  state: string;
  consecutive_failures: number;
  last_error: { reason: string; at: string | null } | null;
  retry_at: string | null;
  throttled_until: string | null;
  latency_ms: number | null;
  successes: number;
  failures: number;
}

export interface Provider {
  id: string;
  protocol: string;
  base_url: string;
  models: string[];
  state: string;
  targets: ProviderTarget[];
}

export interface ModelInfo {
  id: string;
  aliases?: string[];
}

export interface KeyInfo {
  key_prefix: string;
  name: string;
  balance: string;
  held: string;
  rpm_limit: number;
  max_concurrent: number | null;
  daily_limit: string | null;
  spent_today: string;
  allowed_models: string[];
  ip_whitelist: string[];
  is_active: boolean;
  expires_at: string | null;
  created_at: string;
  last_used_at: string | null;
  usage_today: { requests: number; input_tokens: number; output_tokens: number; cost: string };
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
