import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load-config.js';
import { ConfigError } from './config-error.js';

describe('loadConfig', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  before(() => (dir = mkdtempSync(join(tmpdir(), 'chuizi-config-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('with nothing configured serves the built-in mock/echo model ($1/M in, $2/M out) and mock/embed ($0.02/M in)', () => {
    const c = loadConfig({ env: {} });
    assert.deepEqual(c.models.map((m) => m.id), ['mock/echo', 'mock/embed']);
    const embed = c.modelIndex.get('embed');
    assert.equal(embed?.type, 'embedding');
    assert.equal(embed?.maxOutputTokens, 0);
    assert.equal(embed?.price.input, 2_000_000);
    assert.equal(c.modelIndex.get('echo')?.type, 'chat');
    assert.equal(c.modelIndex.get('echo')?.id, 'mock/echo');
    assert.deepEqual(c.models[0].price, { input: 100_000_000, output: 200_000_000, cacheRead: 100_000_000, cacheWrite: 100_000_000, reasoning: 200_000_000 });
    assert.deepEqual(c.markup, { num: 21n, den: 20n });
    assert.deepEqual(c.limits, { keyRpm: 60, accountRpmMultiplier: 2, modelRpm: 30 });
    assert.equal(c.upstreamTimeoutMs, 120_000);
    assert.equal(c.port, 8080);
    assert.equal(c.host, '127.0.0.1');
  });

  it('routing, timeouts and load shedding: documented defaults, overrides, capabilities and quality', () => {
    const d = loadConfig({ env: {} });
    assert.deepEqual(d.breaker, { failures: 5, cooldownMs: 30_000 });
    assert.deepEqual(d.timeouts, { totalMs: 120_000, connectMs: 10_000, firstTokenMs: 60_000, idleMs: 120_000 });
    assert.equal(d.maxInflight, 2048);
    assert.deepEqual(d.models[0].capabilities, ['tools', 'json']);
    const c = loadConfig({
      env: {},
      raw: {
        server: { max_inflight: 7 },
        upstream: { timeout_seconds: 30, connect_timeout_seconds: 2, first_token_timeout_seconds: 5, idle_timeout_seconds: 90 },
        routing: { breaker: { failures: 3, cooldown_seconds: 1.5 } },
        providers: [{ id: 'p', protocol: 'openai', base_url: 'http://127.0.0.1:1/v1' }],
        models: [
          { id: 'x/a', price: { input: 1, output: 1 }, capabilities: ['vision'], quality: 77, routes: [{ provider: 'p', model: 'a' }] },
          { id: 'x/b', price: { input: 1, output: 1 }, routes: [{ provider: 'p', model: 'gpt-4.1' }] },
        ],
      },
    });
    assert.deepEqual(c.breaker, { failures: 3, cooldownMs: 1500 });
    assert.deepEqual(c.timeouts, { totalMs: 30_000, connectMs: 2000, firstTokenMs: 5000, idleMs: 90_000 });
    assert.equal(c.maxInflight, 7);
    assert.deepEqual([c.models[0].capabilities, c.models[0].quality], [['vision'], 77]);
    assert.deepEqual([c.models[1].capabilities, c.models[1].quality], [['tools', 'vision', 'json'], 80], 'a known upstream name takes the built-in table');
    const raw = (m: object) => ({ providers: [{ id: 'p', protocol: 'openai', base_url: 'http://127.0.0.1:1/v1' }], models: [{ price: { input: 1, output: 1 }, routes: [{ provider: 'p', model: 'a' }], ...m }] });
    assert.throws(() => loadConfig({ env: {}, raw: raw({ id: 'auto/mine' }) }), /reserved/);
    assert.throws(() => loadConfig({ env: {}, raw: raw({ id: 'x/y', capabilities: ['telepathy'] }) }), ConfigError);
    assert.throws(() => loadConfig({ env: {}, raw: raw({ id: 'x/y', quality: 101 }) }), ConfigError);
    assert.throws(() => loadConfig({ env: {}, raw: { routing: { breaker: { failures: 0 } } } }), ConfigError);
  });

  it('enables a provider and its catalog-priced models from its environment key', () => {
    const c = loadConfig({ env: { OPENAI_API_KEY: 'sk-test' } });
    const gpt = c.modelIndex.get('gpt-4.1');
    assert.equal(gpt?.id, 'openai/gpt-4.1');
    assert.equal(gpt?.price.input, 200_000_000); // $2/M from @pydantic/genai-prices
    assert.equal(c.providers.get('openai')?.apiKey, 'sk-test');
    assert.equal(c.providers.get('openai')?.maxTokensField, 'max_completion_tokens');
    assert.equal(c.modelIndex.get('mock/echo'), undefined, 'the mock only serves when nothing else is configured');
    const gemini = loadConfig({ env: { GEMINI_API_KEY: 'AIza-test' } });
    assert.deepEqual(gemini.models.map((m) => m.id), ['google/gemini-2.5-pro', 'google/gemini-2.5-flash', 'google/gemini-2.5-flash-lite', 'google/gemini-embedding-001']);
    const flash = gemini.modelIndex.get('gemini-2.5-flash');
    assert.equal(flash?.id, 'google/gemini-2.5-flash');
    assert.equal(flash?.price.input, 30_000_000); // $0.30/M from @pydantic/genai-prices
    assert.equal(flash?.price.output, 250_000_000);
    assert.deepEqual(gemini.providers.get('google'), { id: 'google', protocol: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com', apiKey: 'AIza-test', headers: {}, connections: 4096, exposeUpstreamErrors: true, maxTokensField: undefined });
  });

  it('enables the built-in embedding models, priced by input from the catalog, with no output', () => {
    const c = loadConfig({ env: { OPENAI_API_KEY: 'sk-test', GEMINI_API_KEY: 'g' } });
    const small = c.modelIndex.get('text-embedding-3-small');
    assert.equal(small?.id, 'openai/text-embedding-3-small');
    assert.equal(small?.type, 'embedding');
    assert.equal(small?.price.input, 2_000_000); // $0.02/M
    assert.equal(small?.price.output, 0);
    assert.equal(small?.maxOutputTokens, 0);
    assert.equal(c.modelIndex.get('text-embedding-3-large')?.price.input, 13_000_000);
    assert.equal(c.modelIndex.get('gemini-embedding-001')?.price.input, 15_000_000);
    assert.deepEqual(c.modelIndex.get('gemini-embedding-001')?.routes, [{ providerId: 'google', model: 'gemini-embedding-001' }]);
    assert.equal(c.modelIndex.get('gpt-4.1')?.type, 'chat');
  });

  it('reads a file\'s embedding model: type, input-only price, catalog price, no output bound', () => {
    const c = loadConfig({ env: {}, raw: {
      providers: [{ id: 'up', protocol: 'openai', base_url: 'http://127.0.0.1:9/v1' }],
      models: [
        { id: 'x/embed', type: 'embedding', price: { input: 0.5 }, max_output_tokens: 99, routes: [{ provider: 'up', model: 'e' }] },
        { id: 'openai/text-embedding-3-large', type: 'embedding', routes: [{ provider: 'up', model: 'text-embedding-3-large' }] },
      ],
    } });
    assert.deepEqual([c.modelIndex.get('x/embed')?.type, c.modelIndex.get('x/embed')?.price.input, c.modelIndex.get('x/embed')?.maxOutputTokens], ['embedding', 50_000_000, 0]);
    assert.equal(c.modelIndex.get('openai/text-embedding-3-large')?.price.input, 13_000_000);
  });

  it('reads YAML with ${VAR} substitution, prices, markup, routes and overrides', () => {
    const path = file('ok.yaml', `
server: { port: 9090 }
billing: { markup: 1.2 }
limits: { key_rpm: 10 }
upstream: { timeout_seconds: 30 }
providers:
  - id: main
    protocol: openai
    base_url: http://127.0.0.1:9/v1/
    api_key: \${UPSTREAM_KEY}
models:
  - id: acme/fast
    aliases: [Fast]
    max_output_tokens: 1000
    price: { input: "0.10", output: 0.4, cache_read: 0.025 }
    markup: 1.1
    routes: [{ provider: main, model: fast-v1 }]
`);
    const c = loadConfig({ path, env: { UPSTREAM_KEY: 'sk-from-env' } });
    const m = c.modelIndex.get('fast')!;
    assert.equal(m.id, 'acme/fast');
    assert.deepEqual(m.price, { input: 10_000_000, output: 40_000_000, cacheRead: 2_500_000, cacheWrite: 10_000_000, reasoning: 40_000_000 });
    assert.deepEqual(m.markup, { num: 11n, den: 10n });
    assert.deepEqual(m.routes, [{ providerId: 'main', model: 'fast-v1' }]);
    assert.equal(c.providers.get('main')?.baseUrl, 'http://127.0.0.1:9/v1');
    assert.equal(c.providers.get('main')?.apiKey, 'sk-from-env');
    assert.equal(c.port, 9090);
    assert.equal(c.limits.keyRpm, 10);
    assert.equal(c.upstreamTimeoutMs, 30_000);
    assert.deepEqual(c.markup, { num: 6n, den: 5n });
    assert.equal(loadConfig({ path, env: { UPSTREAM_KEY: 'x', PORT: '7000' } }).port, 7000, 'PORT overrides the file');
  });

  const bad: Array<[string, string, RegExp]> = [
    ['unknown protocol', 'providers:\n  - id: a\n    protocol: foo\n', /providers\[0\]\.protocol: .*\(line 3\)/],
    ['unknown field', 'server:\n  port: 1\n  bogus: true\n', /server: unknown field 'bogus'; known fields: host, port, .* \(line 2\)/],
    ['misspelt field', 'providers:\n  - id: a\n    protocol: openai\n    base_url: http://127.0.0.1:9\n    apikey: x\n', /providers\[0\]: unknown field 'apikey' \(did you mean 'api_key'\?\).* \(line 2\)/],
    ['misspelt top-level key', 'modles: []\n', /\(top level\): unknown field 'modles' \(did you mean 'models'\?\)/],
    ['missing required field', 'providers:\n  - protocol: openai\n    base_url: http://127.0.0.1:9\n', /providers\[0\]\.id: required \(line 2\)/],
    ['duplicate model id', 'providers:\n  - { id: a, protocol: mock }\nmodels:\n  - { id: a/x, price: { input: 1, output: 1 }, routes: [{ provider: a, model: x }] }\n  - { id: a/x, price: { input: 1, output: 1 }, routes: [{ provider: a, model: y }] }\n', /models\[1\]\.id: 'a\/x' is already defined by models\[0\] \(.*bad-\d+\.yaml, line 5\)/],
    ['duplicate alias', 'providers:\n  - { id: a, protocol: mock }\nmodels:\n  - { id: a/x, aliases: [fast], price: { input: 1, output: 1 }, routes: [{ provider: a, model: x }] }\n  - { id: a/y, aliases: [FAST], price: { input: 1, output: 1 }, routes: [{ provider: a, model: y }] }\n', /models\[1\]\.aliases\[0\]: the name 'FAST' is already used by 'a\/x'; each model id and alias must be unique/],
    ['alias taking a built-in name', 'models:\n  - { id: a/x, aliases: [echo], price: { input: 1, output: 1 }, routes: [{ provider: mock, model: x }] }\n', /the name 'echo' is already used by 'mock\/echo'/],
    ['base_url with the endpoint', 'providers:\n  - id: a\n    protocol: openai\n    base_url: https://example.test/v1/chat/completions\n', /providers\[0\]\.base_url ends with \/chat\/completions, which the gateway appends itself: use 'https:\/\/example\.test\/v1' \(.*, line 4\)/],
    ['anthropic base_url with the endpoint', 'providers:\n  - id: a\n    protocol: anthropic\n    base_url: https://example.test/v1/messages/\n', /ends with \/v1\/messages, .*use 'https:\/\/example\.test'/],
    ['wrong type', 'limits:\n  key_rpm: "sixty"\n', /limits\.key_rpm: .*\(line 2\)/],
    ['route to an unknown provider', 'providers: []\nmodels:\n  - id: a/b\n    price: { input: 1, output: 1 }\n    routes: [{ provider: nope, model: x }]\n', /models\[0\]\.routes\[0\]\.provider: unknown provider 'nope' \(known: mock\) \(.*bad-\d+\.yaml, line 5\)/],
    ['unset variable', 'providers:\n  - id: a\n    protocol: openai\n    base_url: http://127.0.0.1:9\n    api_key: ${NOT_SET_ANYWHERE}\n', /providers\[0\]\.api_key uses \$\{NOT_SET_ANYWHERE\}/],
    ['unpriced unknown model', 'providers:\n  - id: a\n    protocol: openai\n    base_url: http://127.0.0.1:9\nmodels:\n  - id: a/mystery\n    routes: [{ provider: a, model: mystery-9000 }]\n', /models\[0\]\.price is required: 'a\/mystery' is not in the price catalog \(.*bad-\d+\.yaml, line 6\)/],
    ['upper-case model id', 'providers:\n  - id: a\n    protocol: mock\nmodels:\n  - id: A/B\n    price: { input: 1, output: 1 }\n    routes: [{ provider: a, model: x }]\n', /models\[0\]\.id: must be a lower-case id/],
    ['embedding model on an Anthropic upstream', 'providers:\n  - id: a\n    protocol: anthropic\n    base_url: http://127.0.0.1:9\nmodels:\n  - id: a/e\n    type: embedding\n    price: { input: 1 }\n    routes: [{ provider: a, model: e }]\n', /models\[0\]\.routes\[0\]\.provider: 'a' speaks anthropic, which has no embeddings API/],
    ['chat model without an output price', 'providers:\n  - id: a\n    protocol: mock\nmodels:\n  - id: a/c\n    price: { input: 1 }\n    routes: [{ provider: a, model: c }]\n', /models\[0\]\.price\.output is required for a chat model/],
    ['gemini base_url with the version', 'providers:\n  - id: g\n    protocol: gemini\n    base_url: https://generativelanguage.googleapis.com/v1beta\n', /ends with \/v1beta, .*use 'https:\/\/generativelanguage\.googleapis\.com'/],
    ['broken YAML', 'server: { port: 1\n', /config file .*bad-\d+\.yaml is not valid YAML/],
  ];
  bad.forEach(([name, text, pattern], i) => {
    it(`refuses a bad file with a message naming the field: ${name}`, () => {
      const path = file(`bad-${i}.yaml`, text);
      assert.throws(() => loadConfig({ path, env: {} }), (e: unknown) => e instanceof ConfigError && pattern.test(e.message) ? true : assert.fail(String((e as Error).message)));
    });
  });

  it('reads a JSON config as JSON, and reports a broken one as JSON with its line', () => {
    const good = file('ok.json', JSON.stringify({ limits: { key_rpm: 7 } }, null, 2));
    assert.equal(loadConfig({ path: good, env: {} }).limits.keyRpm, 7);
    const broken = file('broken.json', '{\n  "limits": { "key_rpm": 7, }\n}\n');
    assert.throws(() => loadConfig({ path: broken, env: {} }), /config file .*broken\.json is not valid JSON: .*\(line 2\)/);
    const misspelt = file('misspelt.json', '{\n  "limts": {}\n}\n');
    assert.throws(() => loadConfig({ path: misspelt, env: {} }), /unknown field 'limts' \(did you mean 'limits'\?\)/);
  });

  it('keeps mock/echo beside a configured provider with CHUIZI_DEMO=1 or a mock provider entry', () => {
    assert.equal(loadConfig({ env: { OPENAI_API_KEY: 'sk' } }).modelIndex.get('mock/echo'), undefined);
    const demo = loadConfig({ env: { OPENAI_API_KEY: 'sk', CHUIZI_DEMO: '1' } });
    assert.equal(demo.modelIndex.get('echo')?.id, 'mock/echo');
    assert.ok(demo.modelIndex.get('gpt-4.1'), 'and the provider\'s models');
    const entry = loadConfig({ env: {}, raw: { providers: [{ id: 'up', protocol: 'openai', base_url: 'http://127.0.0.1:9/v1' }, { id: 'demo', protocol: 'mock' }] } });
    assert.deepEqual(entry.modelIndex.get('mock/echo')?.routes, [{ providerId: 'demo', model: 'echo' }]);
    const both = loadConfig({ env: { CHUIZI_DEMO: '1' }, raw: { providers: [{ id: 'demo', protocol: 'mock' }] } });
    assert.equal(both.models.filter((m) => m.id === 'mock/echo').length, 1, 'never twice');
  });

  it('finds chuizi.config.yml in the working directory too', () => {
    const cwd = process.cwd();
    const here = mkdtempSync(join(tmpdir(), 'chuizi-cwd-'));
    try {
      writeFileSync(join(here, 'chuizi.config.yml'), 'limits: { key_rpm: 11 }\n');
      process.chdir(here);
      const c = loadConfig({ env: {} });
      assert.equal(c.limits.keyRpm, 11);
      assert.equal(c.source, 'chuizi.config.yml');
    } finally {
      process.chdir(cwd);
      rmSync(here, { recursive: true, force: true });
    }
  });

  it('refuses a bad PORT and a missing file with clear messages', () => {
    assert.throws(() => loadConfig({ env: { PORT: 'eighty' } }), /PORT must be an integer/);
    assert.throws(() => loadConfig({ path: join(dir, 'missing.yaml'), env: {} }), /cannot read config file/);
  });
});
