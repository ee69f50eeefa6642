import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { Counters, SettleInput, Store } from '../store/types.js';
import type { UpstreamPool } from '../upstream/upstream-pool.js';
import type { HealthBook } from '../routing/health-book.js';
import type { CallObserver } from './call-observer.js';

/** What every pipeline step may use: built once at start, shared by all requests. */
export interface Gateway {
  config: GatewayConfig;
  store: Store;
  pool: UpstreamPool;
  /** Sliding-window rate-limit counters (in-process, or shared through Redis). */
  counters: Counters;
  log: Logger;
  /** Epoch ms; injectable for tests. */
  now: () => number;
  /** Names this process as the owner of the holds it takes (keep-hold-leases.ts). */
  instanceId: string;
  /** Ids of this process's holds whose call is still running: their leases are renewed. */
  inflight: Set<string>;
  /**
   * Settlements the store could not write, by hold id; their leases are renewed too, so no
   * reaper releases their holds while this process lives.
   * Those that failed transiently (`retry`) are retried each reaper round; a rejected one waits
   * for the operator (its error log line has everything to redo it).
   */
  unsettled: Map<string, { input: SettleInput; retry: boolean }>;
  /** Circuit-breaker state of every route target (per process for now). Only `attempt` writes it. */
  health: HealthBook;
  /** Model calls in flight in this process (load shedding: config `server.max_inflight`). */
  calls: { active: number };
  /** Where the steps report what happened (logs, metrics, traces subscribe): see call-observer.ts. */
  observer: CallObserver;
}
