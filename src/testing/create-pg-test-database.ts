import pg from 'pg';
import { randomAlphanumeric } from '../core/ids.js';

/** The test PostgreSQL server (trust auth on 127.0.0.1), overridable with CHUIZI_TEST_PG. */
export const TEST_PG_SERVER = process.env.CHUIZI_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432';

export interface PgTestDatabase {
  /** `postgres://…/chuizi_test_<random>`: a fresh, empty database. */
  url: string;
  name: string;
  /** Drops the database (closing any connection still open to it). */
  drop(): Promise<void>;
}

/** Creates a uniquely named database on the test server, for one test file; drop it afterwards. */
export async function createPgTestDatabase(): Promise<PgTestDatabase> {
  const name = `chuizi_test_${randomAlphanumeric(12).toLowerCase()}`;
  await runPgStatement(`${TEST_PG_SERVER}/postgres`, `CREATE DATABASE ${name}`);
  return {
    name,
    url: `${TEST_PG_SERVER}/${name}`,
    drop: () => runPgStatement(`${TEST_PG_SERVER}/postgres`, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** One statement on a connection of its own to the database at `url`. */
export async function runPgStatement(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
