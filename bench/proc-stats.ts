import { readFileSync } from 'node:fs';

/** Memory and CPU of a child process, read from /proc (Linux). NaN where /proc is unavailable. */

/** VmRSS of a process, MB. */
export function readRssMb(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** User + system CPU time of a process so far, seconds (clock ticks at the usual 100 Hz). */
export function readCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the `(comm)` part: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Samples the RSS of a process every `everyMs` until stopped. */
export class RssSampler {
  readonly samples: number[] = [];
  #timer: NodeJS.Timeout;

  constructor(pid: number, everyMs = 500) {
    this.#timer = setInterval(() => {
      const mb = readRssMb(pid);
      if (Number.isFinite(mb)) this.samples.push(mb);
    }, everyMs);
  }

  stop(): number[] {
    clearInterval(this.#timer);
    return this.samples;
  }
}

/** CPU use of several processes over an interval, as a share of one core (1.0 = one core busy). */
export class CpuMeter {
  #start: Map<string, { pid: number; cpu: number }>;
  #t0 = process.hrtime.bigint();

  constructor(pids: Record<string, number>) {
    this.#start = new Map(Object.entries(pids).map(([name, pid]) => [name, { pid, cpu: readCpuSeconds(pid) }]));
  }

  read(): Record<string, number> {
    const wall = Number(process.hrtime.bigint() - this.#t0) / 1e9;
    const out: Record<string, number> = {};
    for (const [name, { pid, cpu }] of this.#start) out[name] = Math.round(((readCpuSeconds(pid) - cpu) / wall) * 100) / 100;
    return out;
  }
}
