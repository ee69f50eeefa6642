import { after, before } from 'node:test';
import pg from 'pg';
import { randomAlphanumeric } from '../../core/ids.js';
import { createPgTestDatabase, type PgTestDatabase } from '../../testing/create-pg-test-database.js';
import { runSharedStoreContract, runStoreContract } from '../store-contract.js';
import { openPostgresStore } from './open-postgres-store.js';
import type { Store } from '../types.js';

let db: PgTestDatabase;
before(async () => {
  db = await createPgTestDatabase();
});
after(async () => {
  await db?.drop();
});

/** Each case gets a schema of its own in the file's database: empty, migrated from scratch. */
async function freshSchema(): Promise<string> {
  const schema = `s_${randomAlphanumeric(10).toLowerCase()}`;
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  return schema;
}

runStoreContract('postgres', async () => openPostgresStore(db.url, { schema: await freshSchema(), poolSize: 8 }));
runSharedStoreContract('postgres, two pools', async () => {
  const schema = await freshSchema();
  return Promise.all([openPostgresStore(db.url, { schema, poolSize: 8 }), openPostgresStore(db.url, { schema, poolSize: 8 })]) as Promise<[Store, Store]>;
});
