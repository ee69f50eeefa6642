import { Agent } from 'undici';
import type { ProviderConfig } from '../config/gateway-config.js';

/**
 * One keep-alive connection pool per upstream provider (undici Agent). Connections are
 * reused across requests; the pool applies the upstream timeout to the wait for response
 * headers and to every gap between body chunks.
 */
export class UpstreamPool {
  #agents = new Map<string, Agent>();
  readonly timeoutMs: number;

  constructor(timeoutMs: number) {
    this.timeoutMs = timeoutMs;
  }

  agentFor(provider: ProviderConfig): Agent {
    let agent = this.#agents.get(provider.id);
    if (!agent) {
      agent = new Agent({
        connections: provider.connections,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        connectTimeout: Math.min(this.timeoutMs, 10_000),
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
