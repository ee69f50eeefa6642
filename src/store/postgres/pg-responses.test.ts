import { after, before } from 'node:test';
import { createPgTestDatabase, type PgTestDatabase } from '../../testing/create-pg-test-database.js';
import { createPgTestSchema } from '../../testing/create-pg-test-schema.js';
import { runResponseStoreContract } from '../response-store-contract.js';
import { openPostgresStore } from './open-postgres-store.js';

// The ResponseStore contract against PostgreSQL: a fresh database for this file (dropped
// afterwards), a fresh schema per case, migrated from scratch by the store.
let db: PgTestDatabase;
before(async () => {
  db = await createPgTestDatabase();
});
after(async () => {
  await db?.drop();
});

runResponseStoreContract('postgres', async () => openPostgresStore(db.url, { schema: await createPgTestSchema(db.url), poolSize: 2 }));
