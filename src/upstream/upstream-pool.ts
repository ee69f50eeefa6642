import { Agent } from 'undici';
import type { ProviderConfig } from '../config/gateway-config.js';

/**
 * One keep-alive connection pool per upstream provider (undici Agent). Connections are
 * reused across requests; the pool applies the total upstream timeout to the wait for response
 * headers, the idle timeout to every gap between body chunks (a stream has no total bound), and
 * the connect timeout to establishing a connection.
 */
export class UpstreamPool {
  #agents = new Map<string, Agent>();
  readonly timeoutMs: number;
  readonly #idleMs: number;
  readonly #connectMs: number;

  constructor(timeoutMs: number, opts: { idleMs?: number; connectMs?: number } = {}) {
    this.timeoutMs = timeoutMs;
    this.#idleMs = opts.idleMs ?? timeoutMs;
    this.#connectMs = opts.connectMs ?? Math.min(timeoutMs, 10_000);
  }

  agentFor(provider: ProviderConfig): Agent {
    let agent = this.#agents.get(provider.id);
    if (!agent) {
      agent = new Agent({
        connections: provider.connections,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.#idleMs,
        connectTimeout: this.#connectMs,
      });
      this.#agents.set(provider.id, agent);
    }
    return agent;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#agents.values()].map((a) => a.close().catch(() => undefined)));
    this.#agents.clear();
  }
}
