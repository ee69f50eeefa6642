// Bench-only preload for the gateway process (`node --import <this file> dist/cli/main.js serve`,
// added by bench/gateway-process.ts; the gateway itself has no such endpoint). It measures the
// gateway's event-loop delay with perf_hooks.monitorEventLoopDelay and answers on its own port,
// 127.0.0.1:$CHUIZI_BENCH_PROBE_PORT: `POST /reset` starts a new window, `GET /` returns the
// window's delay in ms ({ count, p50, p99, max, mean }). Plain JS so it loads without tsx.
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

const port = Number(process.env.CHUIZI_BENCH_PROBE_PORT);
// Worker threads inherit the preload: only the main thread (the one serving sockets) is measured.
if (isMainThread && Number.isInteger(port) && port > 0) {
  // Every 2 ms a timer checks how late it fires: a block of the loop shows as one late sample.
  const RESOLUTION_MS = 2;
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  // The histogram holds the time between two checks; the delay is what exceeds the 2 ms period.
  const ms = (ns) => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 1000) / 1000);
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/reset') h.reset();
    const body = JSON.stringify({ count: h.count, p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean) });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  server.listen(port, '127.0.0.1');
  server.unref();
}
