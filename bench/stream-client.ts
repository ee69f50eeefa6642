import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { summarize, Samples, type Summary } from './stats.js';

/**
 * The streaming lane's client (runs inside the load-generator process): opens N concurrent
 * paced SSE streams, their starts spread evenly over `rampMs` so that all N overlap for most of
 * a stream's life, and measures per stream the time to the first content delta and every gap
 * between two content deltas. A gap over `stallMs` is a stall, and so is a first content delta
 * later than `stallMs` (the paced upstream sends it at once); a stream that ends with fewer
 * content deltas than expected (or without `[DONE]`) has dropped frames.
 */

export interface StreamLaneSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
  n: number;
  rampMs: number;
  expectDeltas: number;
  stallMs: number;
}

export interface StreamLaneResult {
  n: number;
  completed: number;
  errors: number;
  errorSample?: string;
  /** Streams that ended with fewer content deltas than expected or without [DONE]. */
  dropped: number;
  missingFrames: number;
  /** Streams with at least one gap over stallMs, and the number of such gaps. */
  stalledStreams: number;
  stalledGaps: number;
  /** Streams whose first content delta came later than stallMs after the request. */
  lateStarts: number;
  /** Time to response headers, ms (TTFT minus this = what the first frame waited after the headers). */
  headers: Summary;
  ttft: Summary;
  gap: Summary;
  wallMs: number;
  /** CPU used during the step, in cores, per process (added by the parent). */
  cpu?: Record<string, number>;
}

/** A frame carrying non-empty content text (OpenAI chunk or Anthropic text_delta). */
const CONTENT = /"(?:content|text)":"[^"]/;

export async function runStreams(spec: StreamLaneSpec): Promise<StreamLaneResult> {
  const agent = new Agent({ pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: 30_000, bodyTimeout: 10_000 });
  const ttft = new Samples();
  const toHeaders = new Samples();
  const gaps = new Samples();
  const r = { completed: 0, errors: 0, errorSample: undefined as string | undefined, dropped: 0, missingFrames: 0, stalledStreams: 0, stalledGaps: 0, lateStarts: 0 };
  const started = performance.now();

  const one = async (i: number): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, (i * spec.rampMs) / spec.n));
    const t0 = performance.now();
    try {
      const res = await request(spec.url, { method: 'POST', headers: spec.headers, body: spec.body, dispatcher: agent });
      toHeaders.push(performance.now() - t0);
      if (res.statusCode !== 200) {
        r.errors++;
        r.errorSample ??= `HTTP ${res.statusCode}: ${(await res.body.text()).slice(0, 300)}`;
        return;
      }
      let buf = '';
      let deltas = 0;
      let last = 0;
      let done = false;
      let stalls = 0;
      await new Promise<void>((resolve, reject) => {
        res.body.on('data', (chunk: Buffer) => {
          const now = performance.now();
          buf += chunk.toString('latin1');
          let at: number;
          while ((at = buf.indexOf('\n\n')) !== -1) {
            const frame = buf.slice(0, at);
            buf = buf.slice(at + 2);
            if (frame.startsWith('data: [DONE]')) done = true;
            else if (CONTENT.test(frame)) {
              deltas++;
              if (deltas === 1) {
                ttft.push(now - t0);
                if (now - t0 > spec.stallMs) r.lateStarts++;
              } else {
                const gap = now - last;
                gaps.push(gap);
                if (gap > spec.stallMs) stalls++;
              }
              last = now;
            }
          }
        });
        res.body.once('end', () => resolve());
        res.body.once('error', reject);
      });
      r.completed++;
      if (deltas < spec.expectDeltas || !done) {
        r.dropped++;
        r.missingFrames += Math.max(0, spec.expectDeltas - deltas);
      }
      if (stalls > 0) {
        r.stalledStreams++;
        r.stalledGaps += stalls;
      }
    } catch (err) {
      r.errors++;
      r.errorSample ??= String(err);
    }
  };

  await Promise.all(Array.from({ length: spec.n }, (_, i) => one(i)));
  const wallMs = performance.now() - started;
  await agent.close().catch(() => undefined);
  return { n: spec.n, ...r, headers: summarize(toHeaders.toArray()), ttft: summarize(ttft.toArray()), gap: summarize(gaps.toArray()), wallMs };
}
