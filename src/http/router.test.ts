import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Router, type Handler } from './router.js';

const h = (name: string): Handler => Object.assign(() => undefined, { label: name });
const label = (m: ReturnType<Router['match']>) => (m === undefined || m === 405 ? m : `${(m.handler as Handler & { label: string }).label} ${JSON.stringify(m.params)}`);

describe('Router', () => {
  const router = new Router()
    .add('GET', '/health', h('health'))
    .add('GET', '/admin/keys/:id', h('key'))
    .add('POST', '/gemini/v1beta/models/*model:generateContent', h('generate'))
    .add('POST', '/gemini/v1beta/models/*model:countTokens', h('count'))
    .add('GET', '/gemini/v1beta/models/*model', h('model'))
    .add('POST', '/x/:name:run', h('run'));

  it('matches exact paths, HEAD as GET, and answers 405 for another method', () => {
    assert.equal(label(router.match('GET', '/health')), 'health {}');
    assert.equal(label(router.match('HEAD', '/health')), 'health {}');
    assert.equal(router.match('POST', '/health'), 405);
    assert.equal(router.match('GET', '/nope'), undefined);
  });

  it('matches :param segments, decoded', () => {
    assert.equal(label(router.match('GET', '/admin/keys/k%2D1')), 'key {"id":"k-1"}');
    assert.equal(router.match('GET', '/admin/keys/'), undefined);
    assert.equal(router.match('GET', '/admin/keys/%E0%A4%A'), undefined, 'bad percent-encoding');
  });

  it("matches Gemini's {model}:method segment, bare, prefixed raw, or with the slash encoded", () => {
    assert.equal(label(router.match('POST', '/gemini/v1beta/models/gemini-2.5-flash:generateContent')), 'generate {"model":"gemini-2.5-flash"}');
    assert.equal(label(router.match('POST', '/gemini/v1beta/models/google/gemini-2.5-flash:generateContent')), 'generate {"model":"google/gemini-2.5-flash"}');
    assert.equal(label(router.match('POST', '/gemini/v1beta/models/google%2Fgemini-2.5-flash:countTokens')), 'count {"model":"google/gemini-2.5-flash"}');
    assert.equal(label(router.match('POST', '/gemini/v1beta/models/gemini-2.5-flash%3AgenerateContent')), 'generate {"model":"gemini-2.5-flash"}');
    assert.equal(label(router.match('GET', '/gemini/v1beta/models/google/gemini-2.5-flash')), 'model {"model":"google/gemini-2.5-flash"}');
  });

  it('refuses an empty parameter, an empty segment, or a wrong suffix', () => {
    assert.equal(router.match('POST', '/gemini/v1beta/models/:generateContent'), 405, 'GET would take it as a model; POST has no empty model');
    assert.equal(router.match('POST', '/gemini/v1beta/models//x:generateContent'), undefined);
    assert.equal(router.match('POST', '/gemini/v1beta/models/x:embedContent'), 405);
    assert.equal(router.match('POST', '/gemini/v1beta/models'), undefined);
    assert.equal(label(router.match('POST', '/x/job:run')), 'run {"name":"job"}');
    assert.equal(router.match('POST', '/x/job'), undefined);
    assert.equal(router.match('POST', '/x/a/b:run'), undefined, ':param is one segment');
  });

  it('lists every route as registered', () => {
    assert.ok(router.list().includes('POST /gemini/v1beta/models/*model:generateContent'));
    assert.ok(router.list().includes('GET /admin/keys/:id'));
    assert.ok(router.list().includes('GET /health'));
  });
});
