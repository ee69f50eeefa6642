/**
 * A small deterministic random source for fuzz tests: `rand(n)` gives an integer in [0, n), the
 * same sequence for the same seed on every run (a linear congruential generator), so a failing
 * round can be replayed.
 */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => (state = (state * 1103515245 + 12345) % 2 ** 31) % n;
}
