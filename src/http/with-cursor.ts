import { GatewayError } from '../core/gateway-error.js';

/** A store rejects a cursor it did not produce with a RangeError: that is the client's 400. */
export async function withCursor<T>(list: () => Promise<T>): Promise<T> {
  try {
    return await list();
  } catch (err) {
    if (err instanceof RangeError) throw new GatewayError('validation_error', "Invalid value for 'cursor': not a cursor returned by this API", { param: 'cursor' });
    throw err;
  }
}
