import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { startTestGateway, type TestGateway } from '../testing/start-test-gateway.js';
import { callDoor } from '../testing/call-door.js';
import { Router } from './router.js';
import { registerAdminRoutes } from './admin-routes.js';
import { hashApiKey } from '../core/api-key.js';

type Doc = { openapi: string; paths: Record<string, Record<string, any>> };

describe('admin API OpenAPI document', () => {
  let t: TestGateway;
  let doc: Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  before(async () => {
    t = await startTestGateway({});
    const res = await fetch(`${t.url}/admin/v1/openapi.json`); // public: no token
    assert.equal(res.status, 200);
    doc = (await res.json()) as Doc;
  });
  after(() => t.close());

  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${t.url}/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${t.adminToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const op = (method: string, path: string) => {
    const o = doc.paths[path]?.[method.toLowerCase()];
    assert.ok(o, `${method} ${path} is in the document`);
    return o;
  };
  const bodyValidator = (method: string, path: string) => ajv.compile(op(method, path).requestBody.content['application/json'].schema);
  /** Checks a real answer against the document's schema for that operation and status. */
  const conforms = (method: string, path: string, answer: { status: number; body: unknown }) => {
    const schema = op(method, path).responses[String(answer.status)]?.content['application/json'].schema;
    assert.ok(schema, `${method} ${path} documents status ${answer.status}`);
    const validate = ajv.compile(schema);
    assert.ok(validate(answer.body), `${method} ${path}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(answer.body).slice(0, 400)}`);
  };

  it('is OpenAPI 3.1 and lists exactly the admin routes the server registers', () => {
    assert.equal(doc.openapi, '3.1.0');
    const router = new Router();
    registerAdminRoutes(router, t.running.gw, hashApiKey(t.adminToken));
    const registered = router
      .list()
      .filter((r) => r.includes(' /admin/v1/') && !r.endsWith('/openapi.json'))
      .map((r) => r.replace(' /admin/v1', ' ').replace(/:(\w+)/g, '{$1}'))
      .sort();
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    assert.ok(registered.length >= 17);
    assert.deepEqual(documented, registered);
  });

  it('validates sample requests with the same rules as the API', async () => {
    const account = bodyValidator('POST', '/accounts');
    assert.ok(account({ name: 'acme', balance: '10.00' }));
    assert.ok(!account({ name: 'acme', nope: 1 }), 'unknown fields are refused (strict objects)');
    assert.ok(!account({ balance: '1' }), 'name is required');
    const keys = bodyValidator('POST', '/keys');
    const sample = { account_id: t.accountId, name: 'ci', rpm_limit: 10, allowed_models: ['mock/echo'], ip_whitelist: ['10.0.0.0/8'], daily_limit: '2.50', expires_at: '2030-01-01T00:00:00Z' };
    assert.ok(keys(sample), ajv.errorsText(keys.errors));
    const created = await admin('POST', '/keys', sample);
    assert.equal(created.status, 201);
    conforms('POST', '/keys', created);
    const bad = { ...sample, rpm_limit: 'ten' };
    assert.ok(!keys(bad));
    assert.equal((await admin('POST', '/keys', bad)).status, 400, 'what the document refuses, the API refuses');
    assert.ok(bodyValidator('POST', '/accounts/{id}/credits')({ amount: -1.5, note: 'fix', force: true }));
    assert.ok(bodyValidator('PATCH', '/keys/{id}')({ is_active: false }));
  });

  it('every answer of every operation matches its documented schema', async () => {
    const acc = await admin('POST', '/accounts', { name: 'doc', balance: '5' });
    conforms('POST', '/accounts', acc);
    const id = acc.body.data.id as string;
    conforms('GET', '/accounts', await admin('GET', '/accounts?limit=5'));
    conforms('GET', '/accounts/{id}', await admin('GET', `/accounts/${id}`));
    conforms('PATCH', '/accounts/{id}', await admin('PATCH', `/accounts/${id}`, { rpm_limit: 100 }));
    conforms('POST', '/accounts/{id}/credits', await admin('POST', `/accounts/${id}/credits`, { amount: '1.25', note: 'top-up' }));
    conforms('GET', '/accounts/{id}/transactions', await admin('GET', `/accounts/${id}/transactions`));
    const key = await admin('POST', '/keys', { account_id: id, name: 'k' });
    conforms('POST', '/keys', key);
    assert.equal((await callDoor(t.url, 'openai', key.body.data.key, { model: 'mock/echo', content: 'hi there' })).status, 200);
    conforms('GET', '/keys', await admin('GET', `/keys?account_id=${id}`));
    conforms('GET', '/keys', await admin('GET', '/keys?limit=2'));
    conforms('GET', '/keys/{id}', await admin('GET', `/keys/${key.body.data.id}`));
    conforms('PATCH', '/keys/{id}', await admin('PATCH', `/keys/${key.body.data.id}`, { daily_limit: '3', expires_at: null }));
    const gens = await admin('GET', `/generations?account_id=${id}`);
    assert.equal(gens.body.data.length, 1);
    conforms('GET', '/generations', gens);
    conforms('GET', '/usage', await admin('GET', `/usage?account_id=${id}&group_by=day,model`));
    conforms('GET', '/providers', await admin('GET', '/providers'));
    conforms('GET', '/models', await admin('GET', '/models'));
    conforms('GET', '/audit', await admin('GET', `/audit?target=${id}`));
    conforms('GET', '/ledger/check', await admin('GET', '/ledger/check'));
    conforms('DELETE', '/keys/{id}', await admin('DELETE', `/keys/${key.body.data.id}`));
  });
});
