import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readFileSync } from 'node:fs';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { clearTokenMemo, countTextTokens, countTextTokensAsync, LONG_BUDGET_CHARS, MEMO_MAX_BYTES, memoStats, newCountBudget } from './count-text-tokens.js';
import { Slicer } from './slicer.js';
import { seededRandom } from '../protocols/shared/test-seeded-random.js';

const exact = (s: string) => countTokens(s, { disallowedSpecial: new Set() });
const random = seededRandom(9);
const letters = (n: number, alphabet: string) => Array.from({ length: n }, () => alphabet[random(alphabet.length)]).join('');

/** Worst time the event loop was held while `fn` ran (a setImmediate probe measures the gaps), and the total. */
async function timeSlices<T>(fn: (slicer: Slicer) => Promise<T>): Promise<{ result: T; worstMs: number; totalMs: number }> {
  let worstMs = 0;
  const start = performance.now();
  let last = start;
  let running = true;
  const probe = () => {
    const now = performance.now();
    worstMs = Math.max(worstMs, now - last);
    last = now;
    if (running) setImmediate(probe);
  };
  setImmediate(probe);
  const result = await fn(new Slicer());
  running = false;
  const now = performance.now();
  return { result, worstMs: Math.max(worstMs, now - last), totalMs: now - start };
}

describe('countTextTokens', () => {
  it('equals the tokenizer exactly on ordinary text (prose, code, JSON, CJK with punctuation)', () => {
    const samples = [
      prose(40_000),
      readFileSync(new URL('./count-text-tokens.ts', import.meta.url), 'utf8').repeat(30),
      readFileSync(new URL('../http/__fixtures__/claude-code-2.0-main-later-turn.json', import.meta.url), 'utf8'),
      '我们今天去公园散步，天气很好。你觉得怎么样？'.repeat(3000),
      JSON.stringify({ type: 'object', properties: Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`field_${i}`, { type: 'string', description: `the ${i}th field` }])) }),
    ];
    for (const s of samples) {
      clearTokenMemo();
      assert.equal(countTextTokens(s, newCountBudget()), exact(s), s.slice(0, 40));
    }
  });

  it('counts over-long runs in chunks, never below the exact count', () => {
    const runs = [
      'a'.repeat(9000),
      letters(9000, 'ACGT'),
      letters(6000, 'abcdefghijklmnopqrstuvwxyz'),
      '汉字测试中文语言模型'.repeat(600),
      letters(3000, '漢字かなカナ한국어'),
      '😀🎉👍'.repeat(1500),
      ' '.repeat(5000) + 'x' + '\n'.repeat(5000),
      '7'.repeat(20000),
    ];
    for (const s of runs) {
      clearTokenMemo();
      const ours = countTextTokens(s, newCountBudget());
      const real = exact(s);
      assert.ok(ours >= real, `${JSON.stringify(s.slice(0, 12))}…: ${ours} < exact ${real}`);
      assert.ok(ours <= real * 1.2 + 20, `${JSON.stringify(s.slice(0, 12))}…: ${ours} is far above exact ${real}`);
    }
  });

  it('treats special-token strings as plain text (never throws)', () => {
    assert.ok(countTextTokens('ignore <|endoftext|> and <|im_start|>system') > 5);
  });

  it('is linear: 1 MB of one letter, of CJK and of emoji each count in well under a second', () => {
    for (const s of ['q'.repeat(1 << 20), '语'.repeat(1 << 19), '🙂'.repeat(1 << 18)]) {
      clearTokenMemo();
      const start = performance.now();
      const n = countTextTokens(s, newCountBudget());
      const ms = performance.now() - start;
      assert.ok(n > 0 && n <= Buffer.byteLength(s));
      assert.ok(ms < 1500, `${ms.toFixed(0)} ms`);
    }
  });

  it('past the per-request budget counts UTF-8 bytes, an upper bound', () => {
    clearTokenMemo();
    const s = 'z'.repeat(LONG_BUDGET_CHARS * 2);
    const n = countTextTokens(s, newCountBudget());
    assert.ok(n >= LONG_BUDGET_CHARS, 'the part beyond the budget counts a token a byte');
    assert.ok(n <= Buffer.byteLength(s));
    assert.equal(memoStats().entries, 0, 'a byte-bound count is not memoised');
  });

  it('gives the event loop back every few milliseconds while counting megabytes', async () => {
    clearTokenMemo();
    const text = `${'The quick brown fox, 42 times. '.repeat(60_000)}${'语'.repeat(200_000)}`;
    const { result, worstMs, totalMs } = await timeSlices((slicer) => countTextTokensAsync(text, newCountBudget(), slicer));
    assert.ok(result > 0);
    // unsliced, the loop would be held for the whole count; sliced, for a small part of it (a
    // generous bound: a loaded machine adds GC and scheduling pauses to the 2 ms slices)
    assert.ok(worstMs < 250 && worstMs < totalMs / 2, `the loop was held ${worstMs.toFixed(1)} ms at once (total ${totalMs.toFixed(0)} ms)`);
  });
});

describe('token memo', () => {
  it('stays within its byte bound and frees what it evicts, after many distinct large texts', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    clearTokenMemo();
    gc();
    const before = process.memoryUsage().heapUsed;
    // 400 distinct 33 Ki-character two-byte texts: 26 MB of text in all, 3× the memo's bound.
    for (let i = 0; i < 400; i++) {
      const text = `语${i} ${'1234567890 '.repeat(3000)}`;
      countTextTokens(text, newCountBudget());
      assert.ok(memoStats().bytes <= MEMO_MAX_BYTES, `memo at ${memoStats().bytes} bytes after ${i + 1} texts`);
    }
    // and distinct over-long pieces, which the tokenizer's own merge cache would otherwise keep whole
    for (let i = 0; i < 12; i++) countTextTokens(letters(65_536, 'abcdefghijklmnopqrstuvwxyz'), newCountBudget());
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    assert.ok(memoStats().entries > 10, 'the memo still works');
    assert.ok(grown < MEMO_MAX_BYTES + 8 * 1024 * 1024, `heap grew ${(grown / 1048576).toFixed(1)} MB`);
    const last = `语399 ${'1234567890 '.repeat(3000)}`;
    assert.equal(countTextTokens(last), exact(last));
  });
});

/** Markdown-like English prose with ordinary punctuation (no run longer than a word or two). */
function prose(chars: number): string {
  const words = ['the', 'gateway', 'holds', 'worst-case', 'cost', 'before', 'a', 'call', 'goes', 'upstream;', 'afterwards', 'it', 'charges', '`usage`', '(exactly', 'once),', 'and', 'releases', 'rest.', '- **money**:', '1e-8', 'USD', '|', 'x_chuizi.cost', '"quoted"', '42', 'tokens,', 'streams\n\n##', 'Claude', 'Code'];
  const out: string[] = [];
  let n = 0;
  for (let i = 0; n < chars; i++) {
    const w = words[(i * 7 + (i >> 3)) % words.length];
    out.push(w);
    n += w.length + 1;
  }
  return out.join(' ');
}
