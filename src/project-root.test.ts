import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDatabaseUrl, packageVersion, PROJECT_ROOT } from './project-root.js';
import { describeDatabaseUrl } from './store/open-store.js';

describe('the default store', () => {
  it('is data/chuizi.db in the project root, whatever the working directory', () => {
    assert.ok(existsSync(join(PROJECT_ROOT, 'package.json')));
    const cwd = process.cwd();
    try {
      const here = defaultDatabaseUrl();
      process.chdir(tmpdir());
      assert.equal(defaultDatabaseUrl(), here);
      assert.equal(here, `sqlite:${join(PROJECT_ROOT, 'data', 'chuizi.db')}`);
      assert.equal(describeDatabaseUrl('sqlite:./x.db'), `sqlite:${join(tmpdir(), 'x.db')}`, 'a relative DATABASE_URL is the working directory\'s, shown absolute');
    } finally {
      process.chdir(cwd);
    }
    assert.match(describeDatabaseUrl('sqlite::memory:'), /in memory/);
    assert.equal(describeDatabaseUrl('postgres://u:secret@db/x'), 'postgres://***@db/x');
    assert.match(packageVersion(), /^\d+\.\d+\.\d+/);
  });
});
