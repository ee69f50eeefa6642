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

/** Busy CPU time of the whole machine so far (all cores, every process), seconds. */
export function readMachineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU use of several processes over an interval, in cores (1.0 = one core busy), plus `other`:
 * what the rest of the machine used meanwhile (other people's work on a shared box).
 */
export class CpuMeter {
  #start: Map<string, { pid: number; cpu: number }>;
  #machine = readMachineBusySeconds();
  #t0 = process.hrtime.bigint();

  constructor(pids: Record<string, number>) {
    this.#start = new Map(Object.entries(pids).map(([name, pid]) => [name, { pid, cpu: readCpuSeconds(pid) }]));
  }

  read(): Record<string, number> {
    const wall = Number(process.hrtime.bigint() - this.#t0) / 1e9;
    const out: Record<string, number> = {};
    let ours = 0;
    for (const [name, { pid, cpu }] of this.#start) {
      const used = readCpuSeconds(pid) - cpu;
      ours += used;
      out[name] = Math.round((used / wall) * 100) / 100;
    }
    // Our own process (the orchestrator) is idle during a lane; anything else is outside load.
    out.other = Math.max(0, Math.round(((readMachineBusySeconds() - this.#machine - ours) / wall) * 100) / 100);
    return out;
  }
}
