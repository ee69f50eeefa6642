import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../config/load-config.js';
import type { AuthenticatedKey } from '../store/types.js';
import { rateWindows } from './check-limits.js';

const config = loadConfig({ env: {}, raw: { limits: { key_rpm: 60, account_rpm_multiplier: 2, model_rpm: 30 } } });
const model = config.models[0];
const key = (over: Partial<AuthenticatedKey> = {}): AuthenticatedKey => ({
  id: 'key_1', accountId: 'acct_1', name: 'k', keyPrefix: 'ck-abcd', group: 'default', rpmLimit: null, maxConcurrent: null, allowedModels: [], ipWhitelist: [],
  dailyLimit: null, isActive: true, expiresAt: null, createdAt: '', lastUsedAt: null, accountRpmLimit: null, accountModelRpmLimit: null, ...over,
});

describe('rateWindows', () => {
  it('uses the system defaults: 60 per key, 120 per account, 30 per account and model', () => {
    assert.deepEqual(rateWindows(config, key(), model).map((w) => [w.key, w.limit, w.windowMs]), [
      ['k:key_1', 60, 60_000],
      ['a:acct_1', 120, 60_000],
      ['m:acct_1:mock/echo', 30, 60_000],
    ]);
  });

  it('prefers the key’s limit, then the account’s, for the key and account layers', () => {
    assert.deepEqual(rateWindows(config, key({ accountRpmLimit: 10 }), model).map((w) => w.limit), [10, 20, 30]);
    assert.deepEqual(rateWindows(config, key({ rpmLimit: 5, accountRpmLimit: 10 }), model).map((w) => w.limit), [5, 10, 30]);
    assert.deepEqual(rateWindows(config, key({ accountModelRpmLimit: 3 }), model).map((w) => w.limit), [60, 120, 3]);
  });
});
