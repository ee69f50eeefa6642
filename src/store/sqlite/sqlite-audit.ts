import type Database from 'better-sqlite3';
import { randomAlphanumeric } from '../../core/ids.js';
import type { AuditRecord, AuditStore, Page } from '../types.js';
import { assertLimit, decodeCursor, pageOf } from './page-cursor.js';

type AuditRow = { seq: number; id: string; actor: string; action: string; target: string | null; detail: string; created_at: string };

/** The operator's audit log (admin API and CLI actions), append-only. */
export class SqliteAudit implements AuditStore {
  readonly #now: () => number;
  readonly #insert: Database.Statement<Omit<AuditRow, 'seq'>>;
  readonly #list: Database.Statement<{ target: string | null; after: number | null; limit: number }, AuditRow>;

  constructor(db: Database.Database, now: () => number) {
    this.#now = now;
    this.#insert = db.prepare('INSERT INTO audit_log (id, actor, action, target, detail, created_at) VALUES (@id, @actor, @action, @target, @detail, @created_at)');
    this.#list = db.prepare(
      `SELECT * FROM audit_log WHERE (@target IS NULL OR target = @target) AND (@after IS NULL OR seq < @after) ORDER BY seq DESC LIMIT @limit`,
    );
  }

  async record(entry: Omit<AuditRecord, 'id' | 'createdAt'>): Promise<AuditRecord> {
    const row = { id: `audit_${randomAlphanumeric(16)}`, actor: entry.actor, action: entry.action, target: entry.target, detail: JSON.stringify(entry.detail), created_at: new Date(this.#now()).toISOString() };
    this.#insert.run(row);
    return mapAuditRow({ ...row, seq: 0 });
  }

  async list(q: { target?: string; limit: number; cursor?: string | null }): Promise<Page<AuditRecord>> {
    assertLimit(q.limit);
    const rows = this.#list.all({ target: q.target ?? null, after: q.cursor ? decodeCursor(q.cursor).seq : null, limit: q.limit + 1 });
    return pageOf(rows, q.limit, mapAuditRow);
  }
}

function mapAuditRow(r: AuditRow): AuditRecord {
  return { id: r.id, actor: r.actor, action: r.action, target: r.target, detail: JSON.parse(r.detail) as Record<string, unknown>, createdAt: r.created_at };
}
