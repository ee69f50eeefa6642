import type Database from 'better-sqlite3';
import type { Money } from '../../core/money.js';
import { randomAlphanumeric } from '../../core/ids.js';
import type { AuthenticatedKey, KeyCreate, KeyPatch, KeyRecord, KeyStore, KeyUsage, Page } from '../types.js';
import { assertLimit, decodeCursor, pageOf } from './page-cursor.js';
import { assertUnits } from './assert-units.js';
import type { AuthCache } from './auth-cache.js';
import { mapAuthenticatedKeyRow, mapKeyRow, type AuthenticatedKeyRow, type KeyRow } from './map-rows.js';

type KeyInsert = KeyRow & { key_hash: string };
type KeyWrite = Omit<KeyRow, 'account_id' | 'key_prefix' | 'created_at' | 'last_used_at'>;
type UsageRow = { requests: number; input_tokens: number; output_tokens: number; cost: number };

const LIVE_COLUMNS = `id, account_id, name, key_prefix, grp, rpm_limit, max_concurrent, allowed_models, ip_whitelist,
  daily_limit, is_active, expires_at, created_at, last_used_at`;

export class SqliteKeys implements KeyStore {
  readonly #now: () => number;
  readonly #cache: AuthCache;
  readonly #insert: Database.Statement<[KeyInsert]>;
  readonly #byHash: Database.Statement<[string], AuthenticatedKeyRow>;
  readonly #byId: Database.Statement<[string], KeyRow>;
  readonly #list: Database.Statement<[string], KeyRow>;
  readonly #listAll: Database.Statement<{ after: number | null; limit: number }, KeyRow & { seq: number }>;
  readonly #update: Database.Statement<[KeyWrite], KeyRow>;
  readonly #delete: Database.Statement<[string, string]>;
  readonly #usage: Database.Statement<[string, string], UsageRow>;
  readonly #held: Database.Statement<[string], { held: number }>;

  constructor(db: Database.Database, now: () => number, cache: AuthCache) {
    this.#now = now;
    this.#cache = cache;
    this.#insert = db.prepare<[KeyInsert]>(
      `INSERT INTO api_keys (id, account_id, name, key_hash, key_prefix, grp, rpm_limit, max_concurrent, allowed_models,
         ip_whitelist, daily_limit, is_active, expires_at, created_at, last_used_at)
       VALUES (@id, @account_id, @name, @key_hash, @key_prefix, @grp, @rpm_limit, @max_concurrent, @allowed_models,
         @ip_whitelist, @daily_limit, @is_active, @expires_at, @created_at, @last_used_at)`,
    );
    this.#byHash = db.prepare<[string], AuthenticatedKeyRow>(
      `SELECT ${LIVE_COLUMNS.replace(/(\w+)/g, 'k.$1')}, a.rpm_limit AS account_rpm_limit, a.model_rpm_limit AS account_model_rpm_limit
       FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.key_hash = ? AND k.deleted_at IS NULL`,
    );
    this.#byId = db.prepare<[string], KeyRow>(`SELECT ${LIVE_COLUMNS} FROM api_keys WHERE id = ? AND deleted_at IS NULL`);
    this.#list = db.prepare<[string], KeyRow>(
      `SELECT ${LIVE_COLUMNS} FROM api_keys WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid`,
    );
    this.#listAll = db.prepare(
      `SELECT rowid AS seq, ${LIVE_COLUMNS} FROM api_keys WHERE deleted_at IS NULL AND (@after IS NULL OR rowid < @after) ORDER BY rowid DESC LIMIT @limit`,
    );
    this.#update = db.prepare<[KeyWrite], KeyRow>(
      `UPDATE api_keys SET name = @name, grp = @grp, rpm_limit = @rpm_limit, max_concurrent = @max_concurrent, allowed_models = @allowed_models,
         ip_whitelist = @ip_whitelist, daily_limit = @daily_limit, is_active = @is_active, expires_at = @expires_at
       WHERE id = @id AND deleted_at IS NULL RETURNING ${LIVE_COLUMNS}`,
    );
    this.#delete = db.prepare<[string, string]>('UPDATE api_keys SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL');
    this.#usage = db.prepare<[string, string], UsageRow>(
      'SELECT requests, input_tokens, output_tokens, cost FROM key_daily_usage WHERE key_id = ? AND day = ?',
    );
    this.#held = db.prepare<[string], { held: number }>('SELECT coalesce(sum(amount), 0) AS held FROM holds WHERE key_id = ?');
  }

  async create(input: KeyCreate): Promise<KeyRecord> {
    if (input.dailyLimit != null) assertUnits(input.dailyLimit, 'dailyLimit', { min: 0 });
    const row: KeyInsert = {
      id: `key_${randomAlphanumeric(16)}`,
      account_id: input.accountId,
      name: input.name,
      key_hash: input.keyHash,
      key_prefix: input.keyPrefix,
      grp: input.group ?? 'default',
      rpm_limit: input.rpmLimit ?? null,
      max_concurrent: input.maxConcurrent ?? null,
      allowed_models: JSON.stringify(input.allowedModels ?? []),
      ip_whitelist: JSON.stringify(input.ipWhitelist ?? []),
      daily_limit: input.dailyLimit ?? null,
      is_active: 1,
      expires_at: input.expiresAt ?? null,
      created_at: new Date(this.#now()).toISOString(),
      last_used_at: null,
    };
    this.#insert.run(row);
    const { key_hash: _hash, ...record } = row;
    return mapKeyRow(record);
  }

  async findByHash(keyHash: string): Promise<AuthenticatedKey | null> {
    const cached = this.#cache.get(keyHash);
    if (cached) return cached;
    const row = this.#byHash.get(keyHash);
    if (!row) return null;
    const key = Object.freeze(mapAuthenticatedKeyRow(row));
    this.#cache.set(keyHash, key);
    return key;
  }

  async get(id: string): Promise<KeyRecord | null> {
    const row = this.#byId.get(id);
    return row ? mapKeyRow(row) : null;
  }

  async list(accountId: string): Promise<KeyRecord[]> {
    return this.#list.all(accountId).map(mapKeyRow);
  }

  async listAll(q: { limit: number; cursor?: string | null }): Promise<Page<KeyRecord>> {
    assertLimit(q.limit);
    const rows = this.#listAll.all({ after: q.cursor ? decodeCursor(q.cursor).seq : null, limit: q.limit + 1 });
    return pageOf(rows, q.limit, mapKeyRow);
  }

  async update(id: string, patch: KeyPatch): Promise<KeyRecord | null> {
    this.#cache.clear();
    const cur = this.#byId.get(id);
    if (!cur) return null;
    if (patch.dailyLimit != null) assertUnits(patch.dailyLimit, 'dailyLimit', { min: 0 });
    const row = this.#update.get({
      id,
      name: patch.name ?? cur.name,
      grp: patch.group ?? cur.grp,
      rpm_limit: patch.rpmLimit !== undefined ? patch.rpmLimit : cur.rpm_limit,
      max_concurrent: patch.maxConcurrent !== undefined ? patch.maxConcurrent : cur.max_concurrent,
      allowed_models: patch.allowedModels !== undefined ? JSON.stringify(patch.allowedModels) : cur.allowed_models,
      ip_whitelist: patch.ipWhitelist !== undefined ? JSON.stringify(patch.ipWhitelist) : cur.ip_whitelist,
      daily_limit: patch.dailyLimit !== undefined ? patch.dailyLimit : cur.daily_limit,
      is_active: patch.isActive !== undefined ? (patch.isActive ? 1 : 0) : cur.is_active,
      expires_at: patch.expiresAt !== undefined ? patch.expiresAt : cur.expires_at,
    });
    return row ? mapKeyRow(row) : null;
  }

  async delete(id: string): Promise<boolean> {
    this.#cache.clear();
    return this.#delete.run(new Date(this.#now()).toISOString(), id).changes === 1;
  }

  async usageOn(keyId: string, day: string): Promise<KeyUsage> {
    const r = this.#usage.get(keyId, day);
    if (!r) return { requests: 0, inputTokens: 0, outputTokens: 0, cost: 0 };
    return { requests: r.requests, inputTokens: r.input_tokens, outputTokens: r.output_tokens, cost: r.cost };
  }

  async heldByKey(keyId: string): Promise<Money> {
    return this.#held.get(keyId)?.held ?? 0;
  }
}
