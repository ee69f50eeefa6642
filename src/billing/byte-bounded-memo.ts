const ENTRY_OVERHEAD = 64;

/**
 * Token counts of texts, least recently used out, bounded by the bytes of the texts it keeps
 * (not by their number: a few large prompts must not hold megabytes each without limit).
 */
export class ByteBoundedMemo {
  #map = new Map<string, number>();
  #bytes = 0;
  readonly #maxBytes: number;
  readonly #maxTextChars: number;

  constructor(maxBytes: number, maxTextChars: number) {
    this.#maxBytes = maxBytes;
    this.#maxTextChars = maxTextChars;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#map.size;
  }

  get(text: string): number | undefined {
    const hit = this.#map.get(text);
    if (hit !== undefined) {
      this.#map.delete(text); // refresh recency
      this.#map.set(text, hit);
    }
    return hit;
  }

  set(text: string, tokens: number): void {
    if (text.length > this.#maxTextChars || this.#map.has(text)) return;
    this.#bytes += sizeOf(text);
    this.#map.set(text, tokens);
    for (const oldest of this.#map.keys()) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#map.delete(oldest);
      this.#bytes -= sizeOf(oldest);
    }
  }

  clear(): void {
    this.#map.clear();
    this.#bytes = 0;
  }
}

/** A text's footprint, counted high: two bytes a character plus the entry. */
function sizeOf(text: string): number {
  return text.length * 2 + ENTRY_OVERHEAD;
}
