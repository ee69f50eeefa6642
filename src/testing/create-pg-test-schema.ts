import { randomAlphanumeric } from '../core/ids.js';
import { runPgStatement } from './create-pg-test-database.js';

/** Creates an empty, uniquely named schema in the test database at `url` (one per test case; dropped with the database). */
export async function createPgTestSchema(url: string): Promise<string> {
  const schema = `s_${randomAlphanumeric(10).toLowerCase()}`;
  await runPgStatement(url, `CREATE SCHEMA ${schema}`);
  return schema;
}
