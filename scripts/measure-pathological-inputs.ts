/**
 * Worst main-thread block per pathological input, for before/after comparisons:
 *
 *   node --import tsx scripts/measure-pathological-inputs.ts [--scale=1] [--only=word,cjk]
 *
 * Starts the gateway in this process (in-memory store, the built-in mock/echo model), sends each
 * input once, and reports how long the answer took and the worst pause of a concurrent /health
 * probe (in this process, so a blocked event loop shows as a late probe). Works on
 * any checkout that has src/testing/start-test-gateway.ts; `--scale` shrinks or grows every input
 * (the unbounded tokenizer needs minutes at scale 1 for some of them: use 0.25 there).
 */
import { startTestGateway } from '../src/testing/start-test-gateway.js';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const scale = Number(arg('scale') ?? 1);
const only = arg('only')?.split(',');
const n = (x: number) => Math.max(1, Math.round(x * scale));

/** One 100 kB word, distinct per input (a repeated text would be a memo hit). */
const word = (tag: string) => `${tag}${'x'.repeat(n(100_000))}`;
const user = (content: unknown) => ({ messages: [{ role: 'user', content }] });
const schema = { type: 'object', description: 'y'.repeat(n(60_000)), properties: Object.fromEntries(Array.from({ length: n(5_000) }, (_, i) => [`f${i}`, { type: 'string' }])) };
const inputs: Array<[string, string, object]> = [
  ['word', '/v1/chat/completions', user(word('w'))],
  ['random-word', '/v1/chat/completions', user(Array.from({ length: n(100_000) }, (_, i) => 'abcdefghijklmnopqrstuvwxyz'[(i * 7919 + ((i * i) >> 3)) % 26]).join(''))],
  ['digits', '/v1/chat/completions', user('7'.repeat(n(2 * 1024 * 1024)))],
  ['cjk', '/v1/chat/completions', user('语言模型测试汉字'.repeat(n(2_500)))],
  ['emoji', '/v1/chat/completions', user('😀'.repeat(n(20_000)))],
  ['schema', '/v1/chat/completions', { ...user('hi'), tools: [{ type: 'function', function: { name: 'f', parameters: schema } }] }],
  ['data-url-text', '/v1/chat/completions', user(`data:image/png;base64,${Buffer.alloc(n(768 * 1024), 'z!').toString('base64')}`)],
  ['base64-1mb', '/v1/chat/completions', user(Buffer.alloc(n(768 * 1024), 'pathological').toString('base64'))],
  ['echo-truncate', '/v1/chat/completions', { ...user('the quick brown fox jumps over the lazy dog '.repeat(n(460))), max_tokens: 1 }],
  ['anthropic-thinking', '/anthropic/v1/messages', { messages: [{ role: 'user', content: 'go' }, { role: 'assistant', content: [{ type: 'thinking', thinking: word('t'), signature: 's' }, { type: 'text', text: 'ok' }] }, { role: 'user', content: 'and?' }] }],
  ['count-tokens-word', '/anthropic/v1/messages/count_tokens', user(word('c'))],
  ['count-tokens-cjk', '/anthropic/v1/messages/count_tokens', user('语'.repeat(n(30_000)))],
];

const gw = await startTestGateway({}, { balanceUnits: 1000 * 100_000_000 });
console.log(`scale ${scale}`);
console.log('input               status  answer ms  /health worst ms');
for (const [name, path, body] of inputs) {
  if (only && !only.includes(name)) continue;
  const payload = JSON.stringify({ model: 'mock/echo', max_tokens: 16, ...body });
  let probing = true;
  let worst = 0;
  const probe = (async () => {
    let last = performance.now();
    while (probing) {
      await (await fetch(`${gw.url}/health`)).arrayBuffer();
      await new Promise((r) => setTimeout(r, 5));
      const now = performance.now();
      worst = Math.max(worst, now - last - 5);
      last = now;
    }
  })();
  await new Promise((r) => setTimeout(r, 20));
  const start = performance.now();
  const res = await fetch(`${gw.url}${path}`, { method: 'POST', headers: { 'x-api-key': gw.key, 'content-type': 'application/json' }, body: payload });
  await res.arrayBuffer();
  const ms = performance.now() - start;
  probing = false;
  await probe;
  console.log(`${name.padEnd(20)}${String(res.status).padEnd(8)}${ms.toFixed(0).padStart(9)}  ${worst.toFixed(0).padStart(16)}`);
}
await gw.close();
