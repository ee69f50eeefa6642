import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { runSharedStoreContract, runStoreContract } from '../store-contract.js';
import { openSqliteStore } from './open-sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'chuizi-store-contract-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const tempDb = (): string => join(dir, `db-${++files}`, 'chuizi.db');

runStoreContract('sqlite :memory:', async () => openSqliteStore(':memory:'));
runStoreContract('sqlite file (inline)', async () => openSqliteStore(tempDb(), { writerThread: false }));
runSharedStoreContract('sqlite file, two connections', async () => {
  const path = tempDb();
  const first = openSqliteStore(path);
  return [first, openSqliteStore(path)];
});
