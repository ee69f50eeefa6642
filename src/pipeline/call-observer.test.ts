import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCallObserver, type AttemptReport } from './call-observer.js';
import type { RequestContext } from './request-context.js';

const ctx = (): RequestContext => ({ requestId: 'r', generationId: 'g', startedAt: 1000, protocol: 'openai', clientIp: '127.0.0.1', headers: {}, signal: new AbortController().signal, warnings: [], responseHeaders: {} });
const attempt = (sentAt: number, endedAt: number): AttemptReport => ({ providerId: 'p', upstreamModel: 'm', outcome: 'success', streamed: true, sentAt, endedAt });

describe('createCallObserver', () => {
  it('keeps the first token time once and sums upstream time before subscribers run', () => {
    const seen: string[] = [];
    const o = createCallObserver([
      {
        firstToken: (c, at) => seen.push(`ttft ${at - c.startedAt} ${c.firstTokenAt}`),
        attemptEnded: (c) => seen.push(`upstream ${c.upstreamMs}`),
      },
    ]);
    const c = ctx();
    o.attemptEnded(c, attempt(1010, 1050));
    o.attemptEnded(c, attempt(1060, 1100));
    o.firstToken(c, 1070);
    o.firstToken(c, 1090);
    assert.deepEqual(seen, ['upstream 40', 'upstream 80', 'ttft 70 1070']);
    assert.equal(c.firstTokenAt, 1070);
  });

  it('fans out to every subscriber of an event and contains a throwing one', () => {
    const calls: string[] = [];
    const errors: unknown[] = [];
    const o = createCallObserver(
      [
        { limited: () => { throw new Error('boom'); } },
        { limited: (layer) => calls.push(`b ${layer}`) },
        { responseEnded: (_c, r) => calls.push(`c ${r.status}`) },
      ],
      (err) => errors.push(err),
    );
    o.limited('key_rpm');
    o.responseEnded(ctx(), { status: 200, endedAt: 1 });
    assert.deepEqual(calls, ['b key_rpm', 'c 200']);
    assert.equal(errors.length, 1);
  });

  it('with no subscriber every event is one shared no-op', () => {
    const o = createCallObserver([]);
    assert.equal(o.held, o.settled);
    assert.equal(o.limited, o.responseEnded);
    o.settled(ctx(), {} as never);
  });
});
