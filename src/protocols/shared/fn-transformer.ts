/**
 * A stream converter as a plain object: the state machine behind a Web TransformStream,
 * callable directly on a hot path (one function call per chunk instead of a stream stage).
 * The `controller` it is given only needs `enqueue`.
 */
export interface FnTransformer<I, O> {
  transform(chunk: I, controller: { enqueue(chunk: O): void }): void;
  flush?(controller: { enqueue(chunk: O): void }): void;
}
