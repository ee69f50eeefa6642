/**
 * The timestamps of the hits counted in one window, oldest first, in a growable ring buffer.
 * Only the newest `limit` hits can matter, so the log never holds more than that.
 */
export class SlidingLog {
  #buf: Float64Array;
  #head = 0;
  #size = 0;

  constructor(capacity = 8) {
    this.#buf = new Float64Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Drops hits at or before `cutoff` (they left the window). */
  prune(cutoff: number): void {
    while (this.#size > 0 && this.#buf[this.#head] <= cutoff) {
      this.#head = (this.#head + 1) % this.#buf.length;
      this.#size--;
    }
  }

  oldest(): number | undefined {
    return this.#size > 0 ? this.#buf[this.#head] : undefined;
  }

  newest(): number | undefined {
    return this.#size > 0 ? this.#buf[(this.#head + this.#size - 1) % this.#buf.length] : undefined;
  }

  /** The k-th oldest hit (0 = oldest). */
  at(k: number): number {
    return this.#buf[(this.#head + k) % this.#buf.length];
  }

  /** Removes one hit counted at `t` (the newest such); false when none is there (it already left). */
  remove(t: number): boolean {
    for (let k = this.#size - 1; k >= 0; k--) {
      if (this.at(k) !== t) continue;
      for (let j = k; j < this.#size - 1; j++) this.#buf[(this.#head + j) % this.#buf.length] = this.at(j + 1);
      this.#size--;
      return true;
    }
    return false;
  }

  push(t: number): void {
    if (this.#size === this.#buf.length) this.#grow();
    this.#buf[(this.#head + this.#size) % this.#buf.length] = t;
    this.#size++;
  }

  #grow(): void {
    const next = new Float64Array(this.#buf.length * 2);
    for (let i = 0; i < this.#size; i++) next[i] = this.at(i);
    this.#buf = next;
    this.#head = 0;
  }
}
