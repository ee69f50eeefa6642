import type { Money } from '../core/money.js';
import type { UsageSource } from '../core/usage.js';

/**
 * Narrow store interfaces named after what the gateway needs. Every implementation
 * (sqlite, postgres) passes the one contract suite in
 * store-contract.ts. All methods are async so that networked stores fit.
 * Times are ISO-8601 strings in records and epoch milliseconds in arguments.
 */

export interface AccountRecord {
  id: string;
  name: string;
  /** Settled balance (= sum of the account's ledger). */
  balance: Money;
  /** Sum of active holds. Available = balance − held. */
  held: Money;
  /** Default per-key RPM for the account's keys (null: the system default). */
  rpmLimit: number | null;
  /** Per-model RPM of the account (null: the system default). */
  modelRpmLimit: number | null;
  createdAt: string;
}

export interface KeyRecord {
  id: string;
  accountId: string;
  name: string;
  /** `ck-` + first 4 characters of the body, for display. */
  keyPrefix: string;
  group: string;
  rpmLimit: number | null;
  /** At most this many calls of the key in flight at once (null: no limit). */
  maxConcurrent: number | null;
  /** Public model ids or aliases; empty = all. */
  allowedModels: string[];
  /** IPv4/IPv6 addresses or CIDR ranges; empty = any. */
  ipWhitelist: string[];
  dailyLimit: Money | null;
  isActive: boolean;
  expiresAt: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface KeyCreate {
  accountId: string;
  name: string;
  keyHash: string;
  keyPrefix: string;
  group?: string;
  rpmLimit?: number | null;
  maxConcurrent?: number | null;
  allowedModels?: string[];
  ipWhitelist?: string[];
  dailyLimit?: Money | null;
  expiresAt?: string | null;
}

export type KeyPatch = Partial<Pick<KeyRecord, 'name' | 'rpmLimit' | 'maxConcurrent' | 'allowedModels' | 'ipWhitelist' | 'dailyLimit' | 'isActive' | 'expiresAt' | 'group'>>;

export interface KeyUsage {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** Charged spend of the day. */
  cost: Money;
}

/** What authentication reads in its one lookup: the key and its account's limit overrides. */
export interface AuthenticatedKey extends KeyRecord {
  accountRpmLimit: number | null;
  accountModelRpmLimit: number | null;
}

export interface KeyStore {
  create(input: KeyCreate): Promise<KeyRecord>;
  /** The live (not deleted) key with this hash, active or not, with its account's limits; null when none. */
  findByHash(keyHash: string): Promise<AuthenticatedKey | null>;
  get(id: string): Promise<KeyRecord | null>;
  list(accountId: string): Promise<KeyRecord[]>;
  /** Every live key of every account, newest first. */
  listAll(q: { limit: number; cursor?: string | null }): Promise<Page<KeyRecord>>;
  update(id: string, patch: KeyPatch): Promise<KeyRecord | null>;
  /** Revokes (soft-deletes) the key: findByHash no longer returns it. False when unknown. */
  delete(id: string): Promise<boolean>;
  /** Settled usage of the key on the UTC day `day` (YYYY-MM-DD). */
  usageOn(keyId: string, day: string): Promise<KeyUsage>;
  /** Sum of the key's active holds. */
  heldByKey(keyId: string): Promise<Money>;
}

export interface AccountStore {
  create(input: { name: string; rpmLimit?: number | null; modelRpmLimit?: number | null }): Promise<AccountRecord>;
  get(id: string): Promise<AccountRecord | null>;
  update(id: string, patch: { name?: string; rpmLimit?: number | null; modelRpmLimit?: number | null }): Promise<AccountRecord | null>;
  /** Newest first; `search` matches the id exactly or a part of the name (case-insensitive). */
  list(q: { search?: string; limit: number; cursor?: string | null }): Promise<Page<AccountRecord>>;
  /** True when no account exists at all (first start). */
  isEmpty(): Promise<boolean>;
}

export type TransactionType = 'topup' | 'charge' | 'refund' | 'adjustment';

export interface TransactionRecord {
  id: string;
  accountId: string;
  type: TransactionType;
  /** Signed: top-ups positive, charges negative. */
  amount: Money;
  balanceAfter: Money;
  /** The cause: a generation id for charges, else null. */
  generationId: string | null;
  keyId: string | null;
  note: string | null;
  createdAt: string;
}

export interface HoldInput {
  /** The hold id is the generation id of the request. */
  id: string;
  accountId: string;
  keyId: string;
  amount: Money;
  /**
   * Who runs the call: the instance id of the gateway process that took the hold. Only its
   * owner renews a hold's lease (renewLeases).
   */
  owner: string;
  /**
   * Epoch ms when the hold's lease lapses: after it, the reaper of any process may release the
   * hold. The owner pushes it forward while the call runs (renewLeases).
   */
  expiresAt: number;
  /** When set, the key's spend of `day` + its active holds + amount must stay ≤ this. */
  dailyLimit?: Money | null;
  /** UTC day (YYYY-MM-DD) the daily limit counts. */
  day: string;
}

export type HoldResult =
  | { ok: true }
  | { ok: false; reason: 'insufficient_balance'; balance: Money; available: Money }
  | { ok: false; reason: 'daily_limit_exceeded'; spentToday: Money; held: Money };

export type GenerationStatus = 'completed' | 'failed' | 'cancelled' | 'pending';

export interface GenerationRecord {
  id: string;
  accountId: string;
  keyId: string;
  requestId: string | null;
  model: string;
  provider: string | null;
  protocol: string;
  streamed: boolean;
  status: GenerationStatus;
  /** All input tokens, including cache reads and writes. */
  inputTokens: number;
  /** All output tokens, including reasoning. */
  outputTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  cost: Money;
  upstreamCost: Money;
  latencyMs: number | null;
  generationTimeMs: number | null;
  finishReason: string | null;
  usageSource: UsageSource | null;
  errorReason: string | null;
  createdAt: string;
}

export interface SettleInput {
  holdId: string;
  /** What the account is charged (may exceed the hold when input was underestimated). */
  charge: Money;
  /** The generation record written in the same atomic step (its id = holdId). */
  generation: GenerationRecord;
}

export interface LedgerProblem {
  accountId: string | null;
  holdId?: string;
  problem: string;
}

export interface LedgerCheckOptions {
  /**
   * Report every open hold, not only expired ones: for when no call can be running (the server
   * is stopped, or a test has waited for its calls), so an open hold is a leaked one.
   */
  openHolds?: boolean;
}

/** An active hold as the ledger keeps it (`expiresAt`: when its lease lapses, as last renewed). */
export interface HoldRecord extends Pick<HoldInput, 'id' | 'accountId' | 'keyId' | 'amount' | 'owner' | 'expiresAt'> {
  createdAt: string;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface Ledger {
  /** Adds a top-up (positive) or adjustment (any sign) ledger row; returns the new balance. Null for an unknown account. */
  credit(accountId: string, amount: Money, type: 'topup' | 'adjustment', note?: string | null): Promise<Money | null>;
  /**
   * Atomically: refuses when balance − held < amount (or the daily limit would be passed),
   * else records the hold and adds it to the account's held sum.
   */
  hold(input: HoldInput): Promise<HoldResult>;
  /**
   * Settles a hold exactly once: removes it, charges `charge` (a ledger row when > 0),
   * writes the generation record and the key's daily usage, all in one atomic step.
   *
   * A settlement that arrives after the reaper released its hold (the owner's lease lapsed:
   * a store outage, a paused process) still records the charge, once: the ledger row, the
   * generation record replacing the reaper's `failed` one, and the key's usage (not counted as a
   * second request) — the balance may then go below zero by that charge (billing §2.5).
   * Returns false (and changes nothing) when the hold was already settled, settled after its
   * reaping, or never existed.
   */
  settle(input: SettleInput): Promise<boolean>;
  /** The active hold with this id, or null. */
  getHold(id: string): Promise<HoldRecord | null>;
  /**
   * The heartbeat of a process: pushes the lease of each of `ids` that `owner` holds to
   * `expiresAt` (never back), in one write for all of them. Holds of other owners and ids no
   * longer held are left alone. Returns how many were renewed.
   */
  renewLeases(owner: string, ids: readonly string[], expiresAt: number): Promise<number>;
  /**
   * Releases every hold whose lease lapsed before `now` (its owner died or stopped renewing):
   * each is settled with charge 0 and a `failed` generation record (`error_reason: hold_expired`),
   * and remembered as reaped so that a late settlement still charges it once. Returns how many.
   */
  reapExpired(now: number): Promise<number>;
  /** Every inconsistency: balance ≠ sum of ledger, held ≠ sum of holds, holds whose lease lapsed (and open ones with `openHolds`). Empty = sound. */
  check(now: number, opts?: LedgerCheckOptions): Promise<LedgerProblem[]>;
  transactions(accountId: string, opts: { limit: number; cursor?: string | null }): Promise<Page<TransactionRecord>>;
}

export interface GenerationFilter {
  accountId?: string;
  keyId?: string;
  model?: string;
  status?: Exclude<GenerationStatus, 'pending'>;
  /** ISO timestamps: `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  limit: number;
  cursor?: string | null;
}

/** What usage can be grouped by: the UTC day, the model, the key, the account. */
export type UsageDimension = 'day' | 'model' | 'key' | 'account';

export interface UsageQuery {
  accountId?: string;
  keyId?: string;
  /** ISO-8601, inclusive. */
  from?: string;
  /** ISO-8601, exclusive. */
  to?: string;
  groupBy: UsageDimension[];
}

export interface UsageRow {
  day?: string;
  model?: string;
  keyId?: string;
  accountId?: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cost: Money;
}

export interface GenerationStore {
  /** A settled generation, or a `pending` one built from its active hold; null when unknown. */
  get(id: string): Promise<GenerationRecord | null>;
  /** Newest first. */
  list(filter: GenerationFilter): Promise<Page<GenerationRecord>>;
  /**
   * Aggregates of settled generations between from and to (ISO, inclusive/exclusive), sorted by
   * the groups in the order day, model, key, account. Whole UTC days are read from the daily
   * rollup (written with each settlement), so they stay exact after the retention purge; the
   * part of a partial first or last day is read from the raw rows (gone once purged).
   */
  usage(q: UsageQuery): Promise<UsageRow[]>;
  /**
   * Deletes at most `limit` raw generation rows created before `before` (ISO), oldest first, and
   * returns how many: the retention purge. Never touches the ledger, holds or the daily rollups.
   */
  purgeBefore(before: string, limit: number): Promise<number>;
}

/** One operator action (a credit, a key change, a revocation…), written by the admin API and the CLI alike. */
export interface AuditRecord {
  id: string;
  /** `admin-api` or `cli` (never a token or key). */
  actor: string;
  /** e.g. `credits.add`, `key.create`, `key.update`, `key.revoke`, `account.create`, `account.update`. */
  action: string;
  /** The account or key id acted on. */
  target: string | null;
  /** What changed: field names and values, money as 8-decimal strings; never a key. */
  detail: Record<string, unknown>;
  createdAt: string;
}

export interface AuditStore {
  record(entry: Omit<AuditRecord, 'id' | 'createdAt'>): Promise<AuditRecord>;
  /** Newest first; `target` narrows to one account or key. */
  list(q: { target?: string; limit: number; cursor?: string | null }): Promise<Page<AuditRecord>>;
}

/** Small named values the gateway keeps (the admin token's hash). */
export interface SettingsStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
}

/**
 * A response of `POST /v1/responses` kept for `previous_response_id` and
 * `GET /v1/responses/{id}` (the Responses API's own store, `store` not false). Both texts are
 * JSON the gateway wrote; their size is bounded by the caller (the largest request body).
 */
export interface StoredResponse {
  /** `resp_…` */
  id: string;
  accountId: string;
  keyId: string;
  /** The conversation the response answered, as Responses input items (a JSON array). */
  conversation: string;
  /** The response object as the client received it (JSON). */
  response: string;
  createdAt: string;
  /** After this the record is gone: never returned, and purged. */
  expiresAt: string;
}

/** The Responses API's conversation store: narrow, by id within one account. */
export interface ResponseStore {
  /** Keeps a response (an id is written once; writing it again replaces it). */
  put(record: StoredResponse): Promise<void>;
  /** The account's response with this id unless expired at `now` (epoch ms); null when unknown, expired or another account's. */
  get(id: string, accountId: string, now: number): Promise<StoredResponse | null>;
  /** Deletes at most `limit` responses expired at `now`; returns how many. */
  purgeExpired(now: number, limit: number): Promise<number>;
}

export interface Store {
  readonly kind: string;
  settings: SettingsStore;
  accounts: AccountStore;
  keys: KeyStore;
  ledger: Ledger;
  generations: GenerationStore;
  audit: AuditStore;
  /** Kept Responses API conversations; a store without it answers `previous_response_id` with a 400. */
  responses?: ResponseStore;
  /** Resolves when the store answers (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** One sliding window to count a request in: at most `limit` hits in any (T − windowMs, T]. */
export interface RateWindow {
  key: string;
  limit: number;
  windowMs: number;
}

export interface WindowState {
  limit: number;
  /** Hits still allowed in the window (after this one, when it was counted). */
  remaining: number;
  /** Ms until the oldest counted hit leaves the window (0 when none is counted). */
  resetMs: number;
}

export type HitResult =
  | { allowed: true; windows: WindowState[] }
  /** `blocked` = index of the first full window; `retryAfterMs` = when every full window has room again. */
  | { allowed: false; blocked: number; retryAfterMs: number; windows: WindowState[] };

/**
 * Exact sliding-window request counters (a sliding log). In-process by default; shared
 * through Redis in server mode — both pass counters-contract.ts.
 */
export interface Counters {
  /**
   * Atomically, at `now`: when every window has room, counts one hit in each and returns
   * allowed; when any is full, counts nothing anywhere (a refused request is counted by no layer).
   */
  hit(windows: RateWindow[], now: number): Promise<HitResult>;
  /**
   * Undoes one allowed `hit(windows, at)`: removes that hit from each window, so a request
   * refused after the limiter (402, 403, a routing error before any upstream attempt) is
   * counted nowhere. A hit that already left its window is ignored; never goes below zero.
   */
  unhit(windows: RateWindow[], at: number): Promise<void>;
  /** Takes one of `limit` concurrent slots of `key`; false (and nothing taken) when all are in use. */
  acquire(key: string, limit: number): Promise<boolean>;
  /** Gives back a slot taken by acquire. */
  release(key: string): Promise<void>;
  close(): Promise<void>;
}
