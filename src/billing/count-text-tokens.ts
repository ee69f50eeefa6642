import { countTokens, setMergeCacheSize } from 'gpt-tokenizer/encoding/cl100k_base';
import { CL100K_TOKEN_SPLIT_REGEX } from 'gpt-tokenizer/encodingParams/constants';
import { ByteBoundedMemo } from './byte-bounded-memo.js';
import type { Slicer } from './slicer.js';

/**
 * Token count of a text with a real BPE tokenizer (cl100k: it counts at least as many tokens
 * as o200k for almost any text, so holds stay overestimates, and it holds half the memory —
 * ~38 MB against ~67 MB resident), in time linear in the text and bounded per request.
 *
 * BPE merging is quadratic in the length of one pre-tokenizer piece (one 80 kB word takes ~10 s),
 * so the text is cut at piece boundaries into units of ≤ UNIT_CHARS, and a piece longer than
 * LONG_PIECE_CHARS (a run of one letter, CJK or emoji without a break) is counted in chunks of
 * that length. A cut forbids merges across it, so chunked counts are ≥ the exact count (in
 * practice; the test suite checks it on each kind of run), and equal to it for ordinary text.
 * A `CountBudget` caps the tokenizer work of one request; what is left over is counted as its
 * UTF-8 byte length, an upper bound (every byte-level BPE token is at least one byte).
 *
 * Long texts are memoised (agents resend the same system prompt and tool schemas every turn),
 * in a memo bounded by the bytes of the texts it keeps, not by their number.
 */
export const UNIT_CHARS = 4096;
export const LONG_PIECE_CHARS = 64;
/** Tokenizer work of one request (characters) before byte-length bounds take over. */
export const BPE_BUDGET_CHARS = 2 * 1024 * 1024;
/** Of that, characters inside over-long pieces (the expensive kind: ~1 µs each). */
export const LONG_BUDGET_CHARS = 256 * 1024;
/** The budget of a synchronous count (which cannot give the event loop back): ≲ 50 ms. */
export const SYNC_BPE_CHARS = 256 * 1024;
export const SYNC_LONG_CHARS = 32 * 1024;

export const MEMO_MIN_CHARS = 256;
/** Bytes the memo may keep (texts at 2 bytes a character, plus per-entry overhead). */
export const MEMO_MAX_BYTES = 8 * 1024 * 1024;

/** Remaining tokenizer work of one request, in characters. */
export interface CountBudget {
  bpeChars: number;
  longChars: number;
}

export function newCountBudget(bpeChars = BPE_BUDGET_CHARS, longChars = LONG_BUDGET_CHARS): CountBudget {
  return { bpeChars, longChars };
}

// The library keeps 100,000 merged pieces by default; chunking bounds a piece to
// LONG_PIECE_CHARS, and this bounds how many it keeps (≈ 3 MB at most).
setMergeCacheSize(4096);
/** Special-token strings such as `<|endoftext|>` are plain text in a prompt, never an error. */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };
const SPLIT_SOURCE = CL100K_TOKEN_SPLIT_REGEX.source;

/** Texts of more than a quarter of the memo are not kept. */
const memo = new ByteBoundedMemo(MEMO_MAX_BYTES, MEMO_MAX_BYTES / 8);

/** The memo's footprint (for tests and diagnostics). */
export function memoStats(): { entries: number; bytes: number; maxBytes: number } {
  return { entries: memo.size, bytes: memo.bytes, maxBytes: MEMO_MAX_BYTES };
}

export function clearTokenMemo(): void {
  memo.clear();
}

/** Token count of `text`, synchronously: linear in its length, bounded by `budget` (default: the synchronous one). */
export function countTextTokens(text: string, budget: CountBudget = newCountBudget(SYNC_BPE_CHARS, SYNC_LONG_CHARS)): number {
  if (text.length === 0) return 0;
  if (text.length < MEMO_MIN_CHARS) return countShort(text, budget);
  const hit = memo.get(text);
  if (hit !== undefined) return hit;
  let n = 0;
  for (const part of countUnits(text, budget)) n += part;
  if (budget.longChars >= 0 && budget.bpeChars >= 0) memo.set(text, n); // never a byte-bound count
  return n;
}

/**
 * The same count, giving the event loop back whenever `slicer` says the current slice of
 * main-thread time is used up: a multi-megabyte prompt never blocks other requests.
 */
export async function countTextTokensAsync(text: string, budget: CountBudget, slicer: Slicer): Promise<number> {
  if (text.length < MEMO_MIN_CHARS) return countShort(text, budget);
  const hit = memo.get(text);
  if (hit !== undefined) return hit;
  let n = 0;
  for (const part of countUnits(text, budget)) {
    n += part;
    if (slicer.due()) await slicer.yield();
  }
  if (budget.longChars >= 0 && budget.bpeChars >= 0) memo.set(text, n);
  return n;
}

function countShort(text: string, budget: CountBudget): number {
  budget.bpeChars -= text.length;
  if (budget.bpeChars < 0) return Buffer.byteLength(text);
  return countTokens(text, PLAIN_TEXT);
}

/**
 * Partial counts of `text`, one per bounded unit of work. The text is taken in windows of about
 * WINDOW_CHARS so that even the pre-tokenizer's regex never scans more than that at once; a
 * window ends before a space that follows a non-space (where the pre-tokenizer cuts anyway),
 * else at WINDOW_CHARS + CUT_SEARCH_CHARS.
 */
function* countUnits(text: string, budget: CountBudget): Generator<number> {
  for (let from = 0; from < text.length; ) {
    const to = windowEnd(text, from);
    const window = from === 0 && to === text.length ? text : text.slice(from, to);
    if (budget.bpeChars <= 0) yield Buffer.byteLength(window);
    else yield* countWindow(window, budget);
    from = to;
  }
}

export const WINDOW_CHARS = 65_536;
const CUT_SEARCH_CHARS = 256;

function windowEnd(text: string, from: number): number {
  const end = from + WINDOW_CHARS;
  if (end >= text.length) return text.length;
  const limit = Math.min(end + CUT_SEARCH_CHARS, text.length);
  for (let i = end; i < limit; i++) {
    if (text.charCodeAt(i) === 0x20 && !isSpace(text.charCodeAt(i - 1))) return i;
  }
  return isLowSurrogate(text.charCodeAt(limit)) ? limit + 1 : limit;
}

function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x3000 || code === 0x2028 || code === 0x2029 || code === 0xfeff || (code >= 0x2000 && code <= 0x200a);
}

function* countWindow(text: string, budget: CountBudget): Generator<number> {
  // Sticky: the pre-tokenizer matches at every position, so pieces are contiguous and `test`
  // finds each one's end without allocating a match.
  const re = new RegExp(SPLIT_SOURCE, 'uy');
  let unitStart = 0;
  let start = 0;
  while (start < text.length && budget.bpeChars > 0) {
    if (!re.test(text)) break; // cannot happen; the rest is counted as a range below
    const end = re.lastIndex;
    if (end - start > LONG_PIECE_CHARS) {
      if (start > unitStart) yield countRange(text, unitStart, start, budget);
      yield* countLongPiece(text, start, end, budget);
      unitStart = end;
    } else if (end - unitStart >= UNIT_CHARS) {
      yield countRange(text, unitStart, end, budget);
      unitStart = end;
    }
    start = end;
  }
  if (unitStart < text.length) yield countRange(text, unitStart, text.length, budget);
}

/** A range of short pieces: exact, unless the request's budget is spent. */
function countRange(text: string, from: number, to: number, budget: CountBudget): number {
  const slice = text.slice(from, to);
  budget.bpeChars -= to - from;
  if (budget.bpeChars < 0) return Buffer.byteLength(slice);
  return countTokens(slice, PLAIN_TEXT);
}

/** One over-long piece in chunks of LONG_PIECE_CHARS (never splitting a surrogate pair). */
function* countLongPiece(text: string, from: number, to: number, budget: CountBudget): Generator<number> {
  let n = 0;
  let done = 0;
  for (let at = from; at < to; ) {
    let cut = Math.min(at + LONG_PIECE_CHARS, to);
    if (cut < to && isLowSurrogate(text.charCodeAt(cut))) cut++;
    const len = cut - at;
    budget.longChars -= len;
    budget.bpeChars -= len;
    if (budget.longChars < 0 || budget.bpeChars < 0) {
      yield n + Buffer.byteLength(text.slice(at, to));
      return;
    }
    n += countTokens(text.slice(at, cut), PLAIN_TEXT);
    at = cut;
    done += len;
    if (done >= UNIT_CHARS / 4) {
      yield n;
      n = 0;
      done = 0;
    }
  }
  if (n > 0) yield n;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
