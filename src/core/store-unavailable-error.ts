/**
 * The store could not be reached (a networked database that is down, restarting or cut off).
 * Thrown by a store implementation in place of its driver's connection error; rendered at the
 * edge as 503 `service_unavailable`. `transient`: the same call may pass once the store is back
 * (settlements are retried; a hold is idempotent by its id, so money is never written twice).
 */
export class StoreUnavailableError extends Error {
  readonly transient = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
