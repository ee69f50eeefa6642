import type { HttpJob, HttpResult, LoadJob, LoadReply, StreamsJob } from './load.js';
import type { StreamLaneResult } from './stream-client.js';
import { spawnBenchScript, type Spawned } from './spawn-process.js';

/** The parent's handle on the load-generator process: one job at a time over IPC. */
export class LoadClient {
  readonly sp: Spawned;
  #nextId = 1;

  private constructor(sp: Spawned) {
    this.sp = sp;
  }

  static async start(): Promise<LoadClient> {
    const sp = spawnBenchScript('load generator', './load.ts', [], { echoStderr: true });
    await sp.waitForMessage((m): m is { type: 'ready' } => (m as { type?: string })?.type === 'ready', 30_000);
    return new LoadClient(sp);
  }

  http(job: Omit<HttpJob, 'type' | 'id'>): Promise<HttpResult> {
    return this.#run({ ...job, type: 'http', id: this.#nextId++ }, job.durationSec * 1000 + 60_000).then((r) => {
      if (r.type !== 'http-result') throw new Error(`unexpected reply ${r.type}`);
      return r.result;
    });
  }

  streams(job: Omit<StreamsJob, 'type' | 'id'>): Promise<StreamLaneResult> {
    return this.#run({ ...job, type: 'streams', id: this.#nextId++ }, 120_000).then((r) => {
      if (r.type !== 'streams-result') throw new Error(`unexpected reply ${r.type}`);
      return r.result;
    });
  }

  async #run(job: LoadJob, timeoutMs: number): Promise<LoadReply> {
    const done = this.sp.waitForMessage((m): m is LoadReply => (m as LoadReply)?.id === job.id, timeoutMs);
    this.sp.child.send(job);
    const reply = await done;
    if (reply.type === 'error') throw new Error(`load generator: ${reply.message}`);
    return reply;
  }
}
