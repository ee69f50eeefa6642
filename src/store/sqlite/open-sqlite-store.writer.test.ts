import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { runStoreContract } from '../store-contract.js';
import { openSqliteStore } from './open-sqlite-store.js';

/** The store contract on a file store whose writes run on its writer thread (as the server opens it). */
const dir = mkdtempSync(join(tmpdir(), 'chuizi-store-writer-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

runStoreContract('sqlite file (writer thread)', async () => openSqliteStore(join(dir, `db-${++files}`, 'chuizi.db')));
