import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../core/gateway-error.js';
import { loadConfig } from '../config/load-config.js';
import { requireModelType, resolveModel } from './resolve-model.js';

describe('resolveModel and requireModelType', () => {
  const config = loadConfig({ env: {} });

  it('resolves ids and aliases case-insensitively; unknown → 404', () => {
    assert.equal(resolveModel(config, 'ECHO').id, 'mock/echo');
    assert.throws(() => resolveModel(config, 'nope'), (e: unknown) => e instanceof GatewayError && e.status === 404);
  });

  it('400 for a model of the other kind, naming what to do', () => {
    const echo = resolveModel(config, 'mock/echo');
    const embed = resolveModel(config, 'mock/embed');
    requireModelType(echo, 'chat');
    requireModelType(embed, 'embedding');
    assert.throws(() => requireModelType(embed, 'chat'), (e: unknown) => e instanceof GatewayError && e.status === 400 && e.param === 'model' && /embedding model: call it on POST \/v1\/embeddings/.test(e.message));
    assert.throws(() => requireModelType(echo, 'embedding'), (e: unknown) => e instanceof GatewayError && e.status === 400 && /chat model and cannot create embeddings/.test(e.message));
  });
});
