import { randomAlphanumeric } from '../../core/ids.js';
import type { AuditRecord, AuditStore, Page } from '../types.js';
import { assertLimit, decodeCursor, pageOf } from '../sqlite/page-cursor.js';
import type { PgDb } from './pg-db.js';

type AuditRow = { seq: number; id: string; actor: string; action: string; target: string | null; detail: Record<string, unknown>; created_at: string };

/** The operator's audit log in PostgreSQL, append-only. */
export class PgAudit implements AuditStore {
  readonly #db: PgDb;
  readonly #now: () => number;

  constructor(db: PgDb, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  async record(entry: Omit<AuditRecord, 'id' | 'createdAt'>): Promise<AuditRecord> {
    const { rows } = await this.#db.query<AuditRow>(
      'INSERT INTO audit_log (id, actor, action, target, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
      [`audit_${randomAlphanumeric(16)}`, entry.actor, entry.action, entry.target, JSON.stringify(entry.detail), new Date(this.#now()).toISOString()],
    );
    return mapAuditRow(rows[0]);
  }

  async list(q: { target?: string; limit: number; cursor?: string | null }): Promise<Page<AuditRecord>> {
    assertLimit(q.limit);
    const { rows } = await this.#db.query<AuditRow>(
      'SELECT * FROM audit_log WHERE ($1::text IS NULL OR target = $1) AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3',
      [q.target ?? null, q.cursor ? decodeCursor(q.cursor).seq : null, q.limit + 1],
    );
    return pageOf(rows, q.limit, mapAuditRow);
  }
}

function mapAuditRow(r: AuditRow): AuditRecord {
  return { id: r.id, actor: r.actor, action: r.action, target: r.target, detail: r.detail, createdAt: r.created_at };
}
