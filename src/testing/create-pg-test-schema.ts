import pg from 'pg';
import { randomAlphanumeric } from '../core/ids.js';

/** Creates an empty, uniquely named schema in the test database at `url` (one per test case; dropped with the database). */
export async function createPgTestSchema(url: string): Promise<string> {
  const schema = `s_${randomAlphanumeric(10).toLowerCase()}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  return schema;
}
