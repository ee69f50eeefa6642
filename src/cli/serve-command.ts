import { ConfigError } from '../config/config-error.js';
import { startGateway } from '../start-gateway.js';
import { tuneHeap } from '../tune-heap.js';

/** `chuizi serve`: runs the gateway until SIGINT/SIGTERM, then drains in-flight calls. */
export async function serveCommand(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    process.stdout.write('usage: chuizi serve\n  Environment: PORT, HOST, DATABASE_URL, DATABASE_POOL_SIZE, REDIS_URL, CHUIZI_CONFIG, CHUIZI_ADMIN_TOKEN, CHUIZI_DEMO, LOG_LEVEL, LOG_FORMAT\n');
    return 0;
  }
  tuneHeap();
  let running;
  try {
    running = await startGateway();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`chuizi: ${err.message}\n`);
      return 1;
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      process.stderr.write(`chuizi: the port is already in use (${e.message}); set PORT to another one\n`);
      return 1;
    }
    // Anything else that stops the start (an unwritable data directory, a broken store file): one line.
    process.stderr.write(`chuizi: cannot start: ${e?.message ?? String(err)}\n`);
    if (process.env.LOG_LEVEL === 'debug') process.stderr.write(`${e?.stack ?? ''}\n`);
    return 1;
  }
  const models = running.gw.config.models.map((m) => m.id);
  process.stdout.write(
    `chuizi gateway listening on ${running.url}\n` +
      `store: ${running.storeLocation}\nconfig: ${running.gw.config.source}\n` +
      `console: ${running.url}/console (sign in with the admin token, or a ck- key for its own usage)\n` +
      `models: ${models.slice(0, 8).join(', ')}${models.length > 8 ? `, … (${models.length})` : ''}\n` +
      (running.demoKey
        ? `try it:\n  curl ${running.url}/v1/chat/completions -H 'Authorization: Bearer ${running.demoKey}' -H 'Content-Type: application/json' -d '{"model":"${running.gw.config.modelIndex.has('mock/echo') ? 'mock/echo' : (models.find((m) => !m.startsWith('auto/')) ?? models[0])}","messages":[{"role":"user","content":"Hello!"}]}'\n`
        : ''),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stdout.write('shutting down: draining in-flight calls…\n');
  await running.close();
  return 0;
}
