import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { startTestGateway } from '../testing/start-test-gateway.js';
import { callDoor } from '../testing/call-door.js';
import { loadConfig } from '../config/load-config.js';
import { startTracing } from './start-tracing.js';

interface OtlpSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
  status?: { code?: number };
}

/** A tiny OTLP/HTTP (JSON) trace receiver on 127.0.0.1: collects every span posted to /v1/traces. */
async function startReceiver(): Promise<{ server: Server; url: string; spans: OtlpSpan[]; services: string[] }> {
  const spans: OtlpSpan[] = [];
  const services: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      assert.equal(req.url, '/v1/traces');
      assert.match(req.headers['content-type'] ?? '', /application\/json/);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      for (const rs of body.resourceSpans ?? []) {
        for (const a of rs.resource?.attributes ?? []) if (a.key === 'service.name') services.push(a.value.stringValue);
        for (const ss of rs.scopeSpans ?? []) spans.push(...ss.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, services };
}

/** OTLP JSON attributes → plain values (int64 values arrive as strings or numbers). */
function attrs(span: OtlpSpan): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of span.attributes) {
    if ('stringValue' in value) out[key] = value.stringValue;
    else if ('intValue' in value) out[key] = Number(value.intValue);
    else if ('doubleValue' in value) out[key] = value.doubleValue;
    else if ('boolValue' in value) out[key] = value.boolValue;
    else if ('arrayValue' in value) out[key] = ((value.arrayValue as { values?: Array<{ stringValue?: string }> }).values ?? []).map((v) => v.stringValue);
  }
  return out;
}

describe('OpenTelemetry traces', () => {
  it('exports a GenAI span per call, with a child span per upstream attempt, over OTLP/HTTP', async () => {
    const receiver = await startReceiver();
    const t = await startTestGateway({}, { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'chuizi-test' } });
    let keyId = '';
    let accountId = '';
    let streamedId = '';
    try {
      keyId = t.keyId;
      accountId = t.accountId;
      assert.equal((await callDoor(t.url, 'openai', t.key, { model: 'mock/echo', content: 'alpha beta', maxTokens: 50 })).status, 200);
      const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      const res = await fetch(`${t.url}/anthropic/v1/messages`, {
        method: 'POST',
        headers: { 'x-api-key': t.key, 'content-type': 'application/json', traceparent },
        body: JSON.stringify({ model: 'mock/echo', max_tokens: 100, stream: true, temperature: 0.5, messages: [{ role: 'user', content: 'gamma delta epsilon' }] }),
      });
      assert.equal(res.status, 200);
      streamedId = res.headers.get('x-chuizi-generation-id') ?? '';
      await res.text();
    } finally {
      await t.close(); // flushes the batch
      receiver.server.close();
    }
    assert.deepEqual([...new Set(receiver.services)], ['chuizi-test']);
    const calls = receiver.spans.filter((s) => s.kind === 2); // SERVER
    const upstream = receiver.spans.filter((s) => s.kind === 3); // CLIENT
    assert.equal(calls.length, 2);
    assert.equal(upstream.length, 2);
    for (const span of calls) {
      const a = attrs(span);
      assert.equal(span.name, 'chat mock/echo');
      assert.equal(a['gen_ai.operation.name'], 'chat');
      assert.equal(a['gen_ai.system'], 'chuizi.mock');
      assert.equal(a['gen_ai.provider.name'], 'chuizi.mock');
      assert.equal(a['gen_ai.request.model'], 'mock/echo');
      assert.equal(a['gen_ai.response.model'], 'echo');
      assert.ok((a['gen_ai.usage.input_tokens'] as number) > 0);
      assert.ok((a['gen_ai.usage.output_tokens'] as number) >= 2);
      assert.deepEqual(a['gen_ai.response.finish_reasons'], ['stop']);
      assert.equal(a['http.response.status_code'], 200);
      assert.ok((a['chuizi.cost_usd'] as number) > 0);
      const child = upstream.find((u) => u.parentSpanId === span.spanId && u.traceId === span.traceId);
      assert.ok(child, 'the attempt is a child of the call');
      assert.equal(attrs(child)['gen_ai.request.model'], 'echo');
      assert.equal(attrs(child)['chuizi.attempt.outcome'], 'success');
      assert.doesNotMatch(JSON.stringify(span), new RegExp(`${keyId}|${accountId}|alpha|gamma`), 'no key, account or text in a span');
    }
    const streamed = calls.find((s) => attrs(s)['gen_ai.response.id'] === streamedId);
    assert.ok(streamed);
    assert.equal(streamed.traceId, '0af7651916cd43dd8448eb211c80319c', "the client's traceparent is the parent");
    assert.equal(streamed.parentSpanId, 'b7ad6b7169203331');
    assert.equal(attrs(streamed)['gen_ai.request.temperature'], 0.5);
    assert.equal(attrs(streamed)['gen_ai.request.max_tokens'], 100);
    assert.equal(attrs(streamed)['chuizi.client_protocol'], 'anthropic');
    const plain = calls.find((s) => s !== streamed);
    assert.ok(plain && plain.traceId !== streamed.traceId, 'without traceparent a call starts its own trace');
  });

  it('is off, loading nothing, without an OTLP endpoint', async () => {
    const config = loadConfig({ raw: {}, env: {} });
    assert.equal(await startTracing({}, config, pino({ level: 'silent' })), undefined);
    assert.equal(await startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_SDK_DISABLED: 'true' }, config, pino({ level: 'silent' })), undefined);
  });
});
