import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { runResponseStoreContract } from '../response-store-contract.js';
import { openSqliteStore } from './open-sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'chuizi-responses-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

runResponseStoreContract('sqlite :memory:', async () => openSqliteStore(':memory:'));
runResponseStoreContract('sqlite file (writer thread)', async () => openSqliteStore(join(dir, `db-${++files}`, 'chuizi.db')));
