/** Numbers shared by the benchmark's processes (the mock's pacing, the stream client's checks). */

/** Content deltas in one paced stream. */
export const PACED_DELTAS = 64;
/** Gap between two paced deltas, ms. */
export const PACED_INTERVAL_MS = 20;
/** An inter-frame gap longer than this is a stall. */
export const STALL_MS = 200;
