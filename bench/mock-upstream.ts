import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PACED_DELTAS, PACED_INTERVAL_MS } from './constants.js';

/**
 * The benchmark's OpenAI-compatible upstream, run as its own process (plain node:http,
 * keep-alive). The requested model name picks the behaviour:
 * - `…instant…`: a `chat.completion` JSON, or a short SSE stream written at once;
 * - `…paced…`: an SSE stream of PACED_DELTAS content deltas PACED_INTERVAL_MS apart, then the
 *   finish chunk, the usage chunk (when `stream_options.include_usage`) and `[DONE]`.
 * The only per-request work is JSON.parse of the request; responses are built once per model
 * name and cached. Reports `{type:'ready', port}` over IPC; exits when the parent goes away.
 */

const CREATED = 1_700_000_000;
const INSTANT_WORDS = ['Hello', '!', ' How', ' can', ' I', ' help', ' you', ' today', '?'];
const PROMPT_TOKENS = 9;

function usage(completion: number) {
  return {
    prompt_tokens: PROMPT_TOKENS,
    completion_tokens: completion,
    total_tokens: PROMPT_TOKENS + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

interface Canned {
  completion: Buffer;
  /** Role frame, content frames, finish frame (each a full `data: …\n\n`). */
  head: string;
  deltas: string[];
  finish: string;
  usage: string;
}

const cache = new Map<string, Canned>();

function canned(model: string): Canned {
  let c = cache.get(model);
  if (c) return c;
  const paced = model.includes('paced');
  const words = paced ? Array.from({ length: PACED_DELTAS }, (_, i) => ` tok${i}`) : INSTANT_WORDS;
  const id = `chatcmpl-bench-${model.replace(/[^a-z0-9]/gi, '')}`;
  const base = { id, object: 'chat.completion.chunk', created: CREATED, model, system_fingerprint: 'fp_bench', service_tier: 'default' };
  const frame = (o: object) => `data: ${JSON.stringify({ ...base, ...o })}\n\n`;
  const choice = (delta: object, finish: string | null) => ({ choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  c = {
    completion: Buffer.from(
      JSON.stringify({
        id, object: 'chat.completion', created: CREATED, model, system_fingerprint: 'fp_bench', service_tier: 'default',
        choices: [{ index: 0, message: { role: 'assistant', content: words.join(''), refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
        usage: usage(words.length),
      }),
    ),
    head: frame(choice({ role: 'assistant', content: '', refusal: null }, null)),
    deltas: words.map((w) => frame(choice({ content: w }, null))),
    finish: frame(choice({}, 'stop')),
    usage: frame({ choices: [], usage: usage(words.length) }),
  };
  cache.set(model, c);
  return c;
}

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-request-id': 'req_bench' };

function tail(c: Canned, includeUsage: boolean): string {
  return c.finish + (includeUsage ? c.usage : '') + 'data: [DONE]\n\n';
}

function instantStream(res: ServerResponse, c: Canned, includeUsage: boolean): void {
  res.writeHead(200, SSE_HEADERS);
  res.end(c.head + c.deltas.join('') + tail(c, includeUsage));
}

function pacedStream(res: ServerResponse, c: Canned, includeUsage: boolean): void {
  res.writeHead(200, SSE_HEADERS);
  res.write(c.head + c.deltas[0]);
  let next = 1;
  const timer = setInterval(() => {
    if (next < c.deltas.length) res.write(c.deltas[next++]);
    if (next >= c.deltas.length) {
      clearInterval(timer);
      res.end(tail(c, includeUsage));
    }
  }, PACED_INTERVAL_MS);
  res.once('close', () => clearInterval(timer));
}

function fail(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code: null } });
  res.writeHead(status, { 'content-type': 'application/json' }).end(body);
}

const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000, requestTimeout: 0 }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return fail(res, 404, `Unknown route ${req.method} ${req.url}`);
    let body: { model?: unknown; stream?: unknown; stream_options?: { include_usage?: unknown } };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return fail(res, 400, 'Invalid JSON body');
    }
    const model = typeof body.model === 'string' ? body.model : '';
    if (!model.includes('instant') && !model.includes('paced')) return fail(res, 404, `The model '${model}' does not exist`);
    const c = canned(model);
    const includeUsage = body.stream_options?.include_usage === true;
    if (body.stream !== true) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': c.completion.length, 'x-request-id': 'req_bench' });
      res.end(c.completion);
    } else if (model.includes('paced')) pacedStream(res, c, includeUsage);
    else instantStream(res, c, includeUsage);
  });
});
server.maxRequestsPerSocket = 0;

const port = Number(process.argv[2] ?? 0);
server.listen(port, '127.0.0.1', () => {
  const address = server.address() as AddressInfo;
  if (process.send) process.send({ type: 'ready', port: address.port });
  else process.stdout.write(`mock upstream listening on http://127.0.0.1:${address.port}\n`);
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
