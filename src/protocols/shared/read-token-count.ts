/** A token count from an upstream usage object: a finite number ≥ 0, else undefined (never an invented 0). */
export function readTokenCount(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined;
}
