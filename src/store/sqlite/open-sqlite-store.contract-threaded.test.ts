import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { runStoreContract } from '../store-contract.js';
import { openSqliteStore } from './open-sqlite-store.js';

// A file store with its writer thread (what the server runs): each case starts a thread.
const dir = mkdtempSync(join(tmpdir(), 'chuizi-store-threaded-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

runStoreContract('sqlite file (writer thread)', async () => openSqliteStore(join(dir, `db-${++files}`, 'chuizi.db')));
