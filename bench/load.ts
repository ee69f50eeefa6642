import autocannon from 'autocannon';
import { runStreams, type StreamLaneResult, type StreamLaneSpec } from './stream-client.js';
import { Samples } from './stats.js';

/**
 * The load generator, its own process: it never shares an event loop with a server under test
 * (it does share the machine's cores). The parent sends jobs over IPC, one at a time:
 * - `http`: autocannon against one URL for `durationSec` at `connections`; every 2xx response
 *   time is kept raw (float ms, from autocannon's per-response event) because autocannon's own
 *   histogram rounds to whole milliseconds, too coarse for sub-millisecond added latency;
 * - `streams`: the paced streaming lane (stream-client.ts).
 */

export interface HttpJob {
  type: 'http';
  id: number;
  /** Several URLs (server mode: one per gateway process) share the connections round-robin. */
  url: string | string[];
  headers: Record<string, string>;
  body: string;
  connections: number;
  durationSec: number;
}

export interface StreamsJob extends StreamLaneSpec {
  type: 'streams';
  id: number;
}

export type LoadJob = HttpJob | StreamsJob;

export interface HttpResult {
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSec: number;
  latencies: Float64Array;
  statusCodes: Record<string, number>;
}

export type LoadReply =
  | { type: 'http-result'; id: number; result: HttpResult }
  | { type: 'streams-result'; id: number; result: StreamLaneResult }
  | { type: 'error'; id: number; message: string };

function runHttp(job: HttpJob): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const latencies = new Samples();
    const started = process.hrtime.bigint();
    const instance = autocannon(
      { url: job.url, method: 'POST', headers: job.headers, body: job.body, connections: job.connections, duration: job.durationSec, pipelining: 1, timeout: 30 },
      (err, result) => {
        if (err) return reject(err);
        const durationSec = Number(process.hrtime.bigint() - started) / 1e9;
        const statusCodes: Record<string, number> = {};
        for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = count;
        resolve({ ok: latencies.length, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, durationSec, latencies: latencies.toArray(), statusCodes });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

function reply(message: LoadReply): void {
  process.send?.(message);
}

process.on('message', (job: LoadJob) => {
  const run = job.type === 'http'
    ? runHttp(job).then((result) => reply({ type: 'http-result', id: job.id, result }))
    : runStreams(job).then((result) => reply({ type: 'streams-result', id: job.id, result }));
  run.catch((err: unknown) => reply({ type: 'error', id: job.id, message: err instanceof Error ? err.stack ?? err.message : String(err) }));
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
process.send?.({ type: 'ready' });
