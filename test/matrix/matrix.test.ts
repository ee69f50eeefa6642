import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatMoney } from '../../src/core/money.js';
import { MockUpstreamServer, type RecordedRequest } from '../../src/testing/mock-upstream-server.js';
import { startTestGateway, type TestGateway } from '../../src/testing/start-test-gateway.js';
import { waitSettled } from '../../src/testing/wait-settled.js';
import { CLIENT_DRIVERS } from './client-drivers.js';
import { UPSTREAM_DRIVERS } from './upstream-drivers.js';
import { MATRIX_COST, MATRIX_TEXT, MATRIX_TOOL, MATRIX_TOOL_ARGS, MATRIX_USAGE, type Scenario } from './matrix-types.js';
import type { MatrixResult } from './render-matrix-table.js';

/** Where the matrix writes what it found; `npm run matrix-table` turns it into the README table. */
export const RESULTS_FILE = join(import.meta.dirname, 'matrix-results.json');

const SCENARIOS: Scenario[] = ['text', 'tool', 'error'];

// The translation matrix, generated: every client protocol (through its official SDK) × every
// upstream protocol (a mock on a real socket) × {non-stream, stream} × {text, tool call, upstream
// error}. Every upstream reports the same usage in its own terms, and every successful cell must
// be charged exactly MATRIX_COST (to the 1e-8 USD unit); every error cell $0, with its hold released.
describe('translation matrix (client protocol × upstream protocol)', () => {
  let gw: TestGateway;
  const upstreams = new Map<string, MockUpstreamServer>();
  const results: MatrixResult[] = [];
  // Each mock calls the tool when the request carries a callable one (a function, in any
  // protocol's shape — a hosted tool passed through to a Responses upstream is not), else answers the text.
  const callable = (t: any) => t?.type === 'function' || t?.type === 'custom' || (t?.type === undefined && typeof t?.name === 'string') || (Array.isArray(t?.functionDeclarations) && t.functionDeclarations.length > 0);
  const script = (req: RecordedRequest) => (Array.isArray(req.body?.tools) && req.body.tools.some(callable) ? { toolCall: { name: MATRIX_TOOL.name, input: MATRIX_TOOL_ARGS } } : { text: MATRIX_TEXT });

  before(async () => {
    for (const u of UPSTREAM_DRIVERS) upstreams.set(u.id, await new MockUpstreamServer(u.handler(script)).start());
    gw = await startTestGateway({
      limits: { key_rpm: 100_000, model_rpm: 100_000 },
      providers: UPSTREAM_DRIVERS.map((u) => ({ id: `up-${u.id}`, protocol: u.protocol, base_url: u.baseUrl(upstreams.get(u.id)!.url), api_key: `upstream-key-${u.id}` })),
      models: UPSTREAM_DRIVERS.map((u) => ({
        id: `matrix/${u.id}`, max_output_tokens: 1000, price: { input: 3, output: 15, cache_read: 0.3 },
        routes: [{ provider: `up-${u.id}`, model: `${u.id}-model` }],
      })),
    });
  });

  after(async () => {
    await gw?.close();
    for (const u of upstreams.values()) await u.close();
    const key = (r: MatrixResult) => [r.client, r.upstream, SCENARIOS.indexOf(r.scenario), r.stream ? 1 : 0].join('\u0000');
    results.sort((a, b) => (key(a) < key(b) ? -1 : 1));
    // Written whole then renamed: the README-table test may read it at the same time.
    writeFileSync(`${RESULTS_FILE}.tmp`, `${JSON.stringify({ clients: CLIENT_DRIVERS.map(({ id, label, extra }) => ({ id, label, extra })), upstreams: UPSTREAM_DRIVERS.map(({ id, label }) => ({ id, label })), results }, null, 1)}\n`);
    renameSync(`${RESULTS_FILE}.tmp`, RESULTS_FILE);
  });

  for (const client of CLIENT_DRIVERS) {
    for (const up of UPSTREAM_DRIVERS) {
      for (const scenario of SCENARIOS) {
        for (const stream of [false, true]) {
          it(`${client.id} → ${up.id}: ${scenario}, ${stream ? 'stream' : 'non-stream'}`, async () => {
            gw.resetHealth(); // error cells must not open the breaker for the next ones
            if (scenario === 'error') upstreams.get(up.id)!.next(up.errorHandler);
            const seen = await client.call({ url: gw.url, key: gw.key }, { model: `matrix/${up.id}`, scenario, stream });
            // A client whose SDK hides the headers of an error (@google/genai): the account's latest generation.
            const generationId = seen.generationId || (await gw.store.generations.list({ accountId: gw.accountId, limit: 1 })).data[0]?.id || '';
            const g = await waitSettled(gw.store, generationId);
            const account = await gw.store.accounts.get(gw.accountId);
            const usageOk = seen.usage !== undefined && seen.usage.input === MATRIX_USAGE.input && seen.usage.output === MATRIX_USAGE.output
              && (seen.usage.cacheRead === undefined || seen.usage.cacheRead === MATRIX_USAGE.cacheRead);
            results.push({
              client: client.id, upstream: up.id, scenario, stream, status: seen.status,
              text: seen.text === MATRIX_TEXT,
              toolCall: seen.toolCall?.name === MATRIX_TOOL.name && JSON.stringify(seen.toolCall.args) === JSON.stringify(MATRIX_TOOL_ARGS),
              usage: usageOk, errorType: seen.errorType,
              charged: g ? formatMoney(g.cost) : null, generationStatus: g?.status ?? null,
              warnings: seen.warnings,
            });

            assert.equal(account?.held, 0, 'the hold is released');
            if (scenario === 'error') {
              assert.equal(seen.status, 502, 'an upstream 500 reaches the client as 502');
              assert.ok(seen.errorType, 'in the client protocol\'s error envelope');
              assert.equal(g?.status, 'failed');
              assert.equal(g?.cost, 0);
              return;
            }
            assert.equal(seen.status, 200);
            if (scenario === 'text') assert.equal(seen.text, MATRIX_TEXT);
            else assert.deepEqual(seen.toolCall, { name: MATRIX_TOOL.name, args: MATRIX_TOOL_ARGS });
            assert.ok(usageOk, `usage as the client sees it: ${JSON.stringify(seen.usage)}`);
            assert.equal(g?.status, 'completed');
            assert.equal(g?.cost, MATRIX_COST, 'the same upstream usage is charged the same in every cell');
            assert.equal(g?.inputTokens, MATRIX_USAGE.input);
            assert.equal(g?.cachedTokens, MATRIX_USAGE.cacheRead);
            assert.equal(g?.outputTokens, MATRIX_USAGE.output);
          });
        }
      }
    }
  }
});
