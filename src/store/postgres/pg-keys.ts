import type { Money } from '../../core/money.js';
import { randomAlphanumeric } from '../../core/ids.js';
import type { AuthenticatedKey, KeyCreate, KeyPatch, KeyRecord, KeyStore, KeyUsage, Page } from '../types.js';
import { assertLimit, decodeCursor, pageOf } from '../sqlite/page-cursor.js';
import { assertUnits } from '../sqlite/assert-units.js';
import { mapAuthenticatedKeyRow, mapKeyRow, type AuthenticatedKeyRow, type KeyRow } from '../sqlite/map-rows.js';
import type { PgDb } from './pg-db.js';

/** The key columns in the row shape map-rows.ts reads (JSON arrays as text, the flag as 0/1). */
const keyColumns = (t = '') =>
  `${t}id, ${t}account_id, ${t}name, ${t}key_prefix, ${t}grp, ${t}rpm_limit, ${t}max_concurrent,
   ${t}allowed_models::text AS allowed_models, ${t}ip_whitelist::text AS ip_whitelist, ${t}daily_limit,
   ${t}is_active::int AS is_active, ${t}expires_at, ${t}created_at, ${t}last_used_at`;

/**
 * API keys in PostgreSQL. findByHash is not cached: every process reads the key on every
 * request (one indexed lookup), so a revocation or a change through any process bites on the
 * very next request everywhere (README, "Server mode").
 */
export class PgKeys implements KeyStore {
  readonly #db: PgDb;
  readonly #now: () => number;

  constructor(db: PgDb, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  async create(input: KeyCreate): Promise<KeyRecord> {
    if (input.dailyLimit != null) assertUnits(input.dailyLimit, 'dailyLimit', { min: 0 });
    const { rows } = await this.#db.query<KeyRow>(
      `INSERT INTO api_keys (id, account_id, name, key_hash, key_prefix, grp, rpm_limit, max_concurrent, allowed_models,
         ip_whitelist, daily_limit, expires_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING ${keyColumns()}`,
      [
        `key_${randomAlphanumeric(16)}`, input.accountId, input.name, input.keyHash, input.keyPrefix, input.group ?? 'default',
        input.rpmLimit ?? null, input.maxConcurrent ?? null, JSON.stringify(input.allowedModels ?? []), JSON.stringify(input.ipWhitelist ?? []),
        input.dailyLimit ?? null, input.expiresAt ?? null, new Date(this.#now()).toISOString(),
      ],
    );
    return mapKeyRow(rows[0]);
  }

  async findByHash(keyHash: string): Promise<AuthenticatedKey | null> {
    const { rows } = await this.#db.query<AuthenticatedKeyRow>({
      name: 'key-by-hash',
      text: `SELECT ${keyColumns('k.')}, a.rpm_limit AS account_rpm_limit, a.model_rpm_limit AS account_model_rpm_limit
             FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.key_hash = $1 AND k.deleted_at IS NULL`,
      values: [keyHash],
    });
    return rows[0] ? Object.freeze(mapAuthenticatedKeyRow(rows[0])) : null;
  }

  async get(id: string): Promise<KeyRecord | null> {
    const { rows } = await this.#db.query<KeyRow>(`SELECT ${keyColumns()} FROM api_keys WHERE id = $1 AND deleted_at IS NULL`, [id]);
    return rows[0] ? mapKeyRow(rows[0]) : null;
  }

  async list(accountId: string): Promise<KeyRecord[]> {
    const { rows } = await this.#db.query<KeyRow>(
      `SELECT ${keyColumns()} FROM api_keys WHERE account_id = $1 AND deleted_at IS NULL ORDER BY seq`,
      [accountId],
    );
    return rows.map(mapKeyRow);
  }

  async listAll(q: { limit: number; cursor?: string | null }): Promise<Page<KeyRecord>> {
    assertLimit(q.limit);
    const { rows } = await this.#db.query<KeyRow & { seq: number }>(
      `SELECT seq, ${keyColumns()} FROM api_keys WHERE deleted_at IS NULL AND ($1::bigint IS NULL OR seq < $1) ORDER BY seq DESC LIMIT $2`,
      [q.cursor ? decodeCursor(q.cursor).seq : null, q.limit + 1],
    );
    return pageOf(rows, q.limit, mapKeyRow);
  }

  async update(id: string, patch: KeyPatch): Promise<KeyRecord | null> {
    if (patch.dailyLimit != null) assertUnits(patch.dailyLimit, 'dailyLimit', { min: 0 });
    // One statement; for each field, a flag says whether the patch sets it (null included).
    const fields: Array<[keyof KeyPatch, string, string, unknown]> = [
      ['name', 'name', 'text', patch.name],
      ['group', 'grp', 'text', patch.group],
      ['rpmLimit', 'rpm_limit', 'integer', patch.rpmLimit],
      ['maxConcurrent', 'max_concurrent', 'integer', patch.maxConcurrent],
      ['allowedModels', 'allowed_models', 'jsonb', patch.allowedModels === undefined ? undefined : JSON.stringify(patch.allowedModels)],
      ['ipWhitelist', 'ip_whitelist', 'jsonb', patch.ipWhitelist === undefined ? undefined : JSON.stringify(patch.ipWhitelist)],
      ['dailyLimit', 'daily_limit', 'bigint', patch.dailyLimit],
      ['isActive', 'is_active', 'boolean', patch.isActive],
      ['expiresAt', 'expires_at', 'timestamptz', patch.expiresAt],
    ];
    const values: unknown[] = [id];
    const sets = fields.map(([field, column, type, value]) => {
      values.push(patch[field] !== undefined, value ?? null);
      return `${column} = CASE WHEN $${values.length - 1} THEN $${values.length}::${type} ELSE ${column} END`;
    });
    const { rows } = await this.#db.query<KeyRow>(
      `UPDATE api_keys SET ${sets.join(', ')} WHERE id = $1 AND deleted_at IS NULL RETURNING ${keyColumns()}`,
      values,
    );
    return rows[0] ? mapKeyRow(rows[0]) : null;
  }

  async delete(id: string): Promise<boolean> {
    const r = await this.#db.query('UPDATE api_keys SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL', [id, new Date(this.#now()).toISOString()]);
    return r.rowCount === 1;
  }

  async usageOn(keyId: string, day: string): Promise<KeyUsage> {
    const { rows } = await this.#db.query<{ requests: number; input_tokens: number; output_tokens: number; cost: number }>(
      'SELECT requests, input_tokens, output_tokens, cost FROM key_daily_usage WHERE key_id = $1 AND day = $2',
      [keyId, day],
    );
    const r = rows[0];
    return r ? { requests: r.requests, inputTokens: r.input_tokens, outputTokens: r.output_tokens, cost: r.cost } : { requests: 0, inputTokens: 0, outputTokens: 0, cost: 0 };
  }

  async heldByKey(keyId: string): Promise<Money> {
    const { rows } = await this.#db.query<{ held: number }>('SELECT coalesce(sum(amount), 0)::bigint AS held FROM holds WHERE key_id = $1', [keyId]);
    return rows[0]?.held ?? 0;
  }
}
