import { request } from 'undici';
import { readLoopDelay, resetLoopDelay, type GatewayHandle, type LoopDelay } from './gateway-process.js';
import type { Target } from './lanes.js';

/**
 * The pathological-input lane: inputs that are cheap to send and were expensive to tokenize,
 * one at a time through POST /v1/chat/completions, while a second client polls GET /health over
 * its own keep-alive connection and records its worst latency per input. A gateway whose event
 * loop is never blocked for long answers /health within milliseconds throughout. An input not
 * answered within `timeoutSec` ends the lane (the gateway is still busy with it).
 */

export interface PathologicalResult {
  name: string;
  bytes: number;
  /** HTTP status of the answer, or `timeout` / `error`. */
  outcome: number | 'timeout' | 'error';
  seconds: number;
  /** Worst /health latency while the input was in flight (a probe still waiting counts as its wait so far). */
  worstHealthMs: number;
  healthProbes: number;
  loopDelay?: LoopDelay;
}

const MIB = 1 << 20;

function inputs(scale: number): Array<{ name: string; text: () => string }> {
  const size = (n: number) => Math.round(n * scale);
  const sizeName = (n: number) => (n >= MIB ? `${(n / MIB).toFixed(n % MIB ? 1 : 0)} MB` : `${Math.round(n / 1024)} kB`);
  const word = size(MIB);
  const digits = size(2 * MIB);
  const cjkChars = Math.round(size(MIB) / 3); // 3 bytes each in UTF-8
  const emoji = Math.round(size(MIB / 4) / 4); // 4 bytes each
  let seed = 42;
  const digit = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 10);
  const CJK = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';
  return [
    { name: `one word of one letter, ${sizeName(word)}`, text: () => 'a'.repeat(word) },
    { name: `digits without spaces, ${sizeName(digits)}`, text: () => Array.from({ length: digits }, digit).join('') },
    { name: `CJK without spaces or punctuation, ${sizeName(cjkChars * 3)}`, text: () => Array.from({ length: cjkChars }, (_, i) => CJK[(i * 7919) % CJK.length]).join('') },
    { name: `one emoji repeated, ${sizeName(emoji * 4)}`, text: () => '😀'.repeat(emoji) },
  ];
}

/** Polls /health back to back until stopped; reports the worst latency seen. */
function healthProbe(url: string): { stop: () => Promise<{ worstMs: number; probes: number }> } {
  let running = true;
  let worst = 0;
  let probes = 0;
  let inflightSince: number | null = null;
  const loop = (async () => {
    while (running) {
      inflightSince = performance.now();
      try {
        const res = await request(`${url}/health`, { headersTimeout: 600_000, bodyTimeout: 600_000 });
        await res.body.text();
      } catch {
        // a refused probe still measured its wait
      }
      worst = Math.max(worst, performance.now() - inflightSince);
      inflightSince = null;
      probes++;
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return {
    stop: async () => {
      running = false;
      const pending = inflightSince;
      const waited = pending === null ? 0 : performance.now() - pending;
      // A probe still waiting is not awaited (the gateway may be blocked for minutes): its wait so far counts.
      await Promise.race([loop, new Promise((r) => setTimeout(r, 100))]);
      return { worstMs: Math.max(worst, waited), probes };
    },
  };
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)));
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

export async function pathologicalLane(gw: GatewayHandle, target: Target, opts: { timeoutSec: number; scale: number; log: (m: string) => void }): Promise<PathologicalResult[]> {
  const out: PathologicalResult[] = [];
  for (const input of inputs(opts.scale)) {
    const text = input.text();
    const body = JSON.stringify({ model: target.instant, max_tokens: 1, messages: [{ role: 'user', content: text }] });
    const bytes = Buffer.byteLength(body);
    await resetLoopDelay(gw);
    const probe = healthProbe(target.url);
    await new Promise((r) => setTimeout(r, 50)); // the probe's connection is open before the input goes
    const started = performance.now();
    let outcome: PathologicalResult['outcome'];
    try {
      const res = await request(`${target.url}/v1/chat/completions`, {
        method: 'POST', headers: target.headers, body,
        headersTimeout: opts.timeoutSec * 1000, bodyTimeout: opts.timeoutSec * 1000,
      });
      await res.body.text();
      outcome = res.statusCode;
    } catch (err) {
      outcome = /timeout/i.test(String((err as Error)?.name ?? '') + String((err as Error)?.message ?? '')) ? 'timeout' : 'error';
    }
    const seconds = (performance.now() - started) / 1000;
    const health = await probe.stop();
    const loopDelay = outcome === 'timeout' ? undefined : await withTimeout(readLoopDelay(gw), 5000);
    const r: PathologicalResult = { name: input.name, bytes, outcome, seconds, worstHealthMs: health.worstMs, healthProbes: health.probes, loopDelay };
    out.push(r);
    opts.log(`  ${input.name}: ${outcome} in ${seconds.toFixed(2)} s; worst /health ${health.worstMs.toFixed(1)} ms over ${health.probes} probes` +
      (loopDelay ? `; event-loop delay p99 ${loopDelay.p99.toFixed(1)} ms, max ${loopDelay.max.toFixed(1)} ms` : ''));
    if (outcome === 'timeout') {
      opts.log(`  the gateway did not answer within ${opts.timeoutSec} s and is still busy: the remaining inputs are skipped`);
      break;
    }
  }
  return out;
}
