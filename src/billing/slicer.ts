/**
 * Hands the event loop back after `sliceMs` of continuous work: long computations call `due()`
 * between bounded units of work and `await yield()` when it says so (setImmediate, so pending
 * I/O is served first).
 */
export class Slicer {
  #start = performance.now();
  readonly #sliceMs: number;

  constructor(sliceMs = 2) {
    this.#sliceMs = sliceMs;
  }

  due(): boolean {
    return performance.now() - this.#start >= this.#sliceMs;
  }

  async yield(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.#start = performance.now();
  }
}
