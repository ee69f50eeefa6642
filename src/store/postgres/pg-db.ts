import pg from 'pg';
import { StoreUnavailableError } from '../../core/store-unavailable-error.js';

export interface PgPoolOptions {
  /** Connections this process keeps at most (DATABASE_POOL_SIZE; default 10). */
  poolSize?: number;
  /** Schema the store lives in (tests: one per case); default the server's search_path. */
  schema?: string;
  /** How long to wait for a connection before answering 503, ms (default 5000). */
  connectTimeoutMs?: number;
  /** How long one statement may take before it is abandoned as unreachable, ms (default 15000). */
  queryTimeoutMs?: number;
}

export const DEFAULT_POOL_SIZE = 10;

const INT8 = 20;
const DATE = 1082;
const TIMESTAMPTZ = 1184;

/** int8 as a JS number (money and counts stay far below 2^53; anything beyond is refused loudly). */
function parseInt8(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`integer out of safe range: ${v}`);
  return n;
}

/** timestamptz (the session runs in UTC: `2026-05-12 10:00:00.123+00`) as canonical ISO-8601 with ms. */
function parseTimestamptz(v: string): string {
  const iso = v.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const t = Date.parse(iso);
  return Number.isNaN(t) ? v : new Date(t).toISOString();
}

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return parseInt8;
    if (oid === DATE) return (v: string) => v; // a UTC day stays `YYYY-MM-DD`, never a local Date
    if (oid === TIMESTAMPTZ) return parseTimestamptz;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * True for a failure to reach the server rather than an answer from it: a socket error, a
 * connection closed under a query, a connect or query timeout, or the server's own
 * "cannot connect now / shutting down / connection failure" classes (57P0x, 08xxx).
 */
export function isUnreachable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  // Node's socket errors first (EPIPE is five letters, like a SQLSTATE; no SQLSTATE class starts with E).
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return true; // ECONNREFUSED, ECONNRESET, EPIPE, ETIMEDOUT…
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code.startsWith('08') || /^57P0[1-3]$/.test(code);
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection ended unexpectedly/i.test(err.message);
}

/**
 * The pool every query of the Postgres store goes through. A connection error becomes a
 * StoreUnavailableError (503 at the edge, retried by settlements); an idle connection dropped
 * by the server is discarded without crashing the process, and the next query opens a fresh one,
 * so the gateway recovers on its own once the database answers again.
 */
export class PgDb {
  readonly pool: pg.Pool;
  #lastIdleError = 0;

  constructor(url: string, opts: PgPoolOptions = {}, onIdleError?: (err: Error) => void) {
    const options = ['-c TimeZone=UTC'];
    if (opts.schema) options.push(`-c search_path=${opts.schema}`);
    this.pool = new pg.Pool({
      connectionString: url,
      max: opts.poolSize ?? DEFAULT_POOL_SIZE,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
      query_timeout: opts.queryTimeoutMs ?? 15_000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      options: options.join(' '),
      types,
    });
    this.pool.on('error', (err) => {
      // An idle connection died (server restart, network cut): pg-pool already dropped it.
      const now = Date.now();
      if (now - this.#lastIdleError > 10_000) onIdleError?.(err);
      this.#lastIdleError = now;
    });
  }

  /** One statement on any pooled connection (autocommit). */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(text as string, values);
    } catch (err) {
      throw mapError(err);
    }
  }

  /**
   * `fn` on one connection of its own. While it is checked out, a connection the server drops
   * emits 'error' on the client with no pool listener attached: listened to here, or the
   * process would crash. A connection whose `fn` failed is discarded, not returned to the pool.
   */
  async withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw mapError(err);
    }
    let broken: Error | undefined;
    const onError = (err: Error) => (broken = err);
    client.on('error', onError);
    try {
      return await fn(client);
    } catch (err) {
      broken ??= err as Error; // after any failure the connection is not reused (it may sit in an aborted transaction)
      throw mapError(err);
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  /** `fn` inside one transaction on one connection; rolled back when it throws. */
  async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    return this.withClient(async (client) => {
      await client.query(begin);
      try {
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        if (!isUnreachable(err)) await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function mapError(err: unknown): unknown {
  if (!isUnreachable(err)) return err;
  return new StoreUnavailableError(`PostgreSQL unreachable: ${(err as Error).message}`, { cause: err });
}
