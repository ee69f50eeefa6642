import { isRecord } from '../shared/is-record.js';

type Json = Record<string, unknown>;

/** A path deeper than this, or an array index above MAX_INDEX, is not applied (a bound on work). */
const MAX_DEPTH = 32;
const MAX_INDEX = 10_000;
const STEP = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]/y;

/**
 * Applies one of Gemini's streamed argument fragments (`partialArgs`: `{"jsonPath": "$.location",
 * "stringValue": "Bos", "willContinue": true}`) to the arguments built so far: a string value is
 * appended to what the path holds (fragments of one string arrive in order), any other value
 * (`numberValue`, `boolValue`, `nullValue`) is set. Returns false for a fragment it cannot place.
 */
export function assemblePartialArgs(args: Json, fragment: Json): boolean {
  const path = typeof fragment.jsonPath === 'string' ? parsePath(fragment.jsonPath) : undefined;
  if (!path || path.length === 0) return false;
  let node: Json | unknown[] = args;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    const nextIsIndex = typeof path[i + 1] === 'number';
    const child: unknown = (node as Record<string | number, unknown>)[key];
    if (isRecord(child) || Array.isArray(child)) node = child;
    else {
      const created: Json | unknown[] = nextIsIndex ? [] : {};
      (node as Record<string | number, unknown>)[key] = created;
      node = created;
    }
  }
  const last = path[path.length - 1];
  const target = node as Record<string | number, unknown>;
  if ('stringValue' in fragment && typeof fragment.stringValue === 'string') {
    const before = target[last];
    target[last] = (typeof before === 'string' ? before : '') + fragment.stringValue;
  } else if ('numberValue' in fragment) target[last] = fragment.numberValue;
  else if ('boolValue' in fragment) target[last] = fragment.boolValue;
  else if ('nullValue' in fragment) target[last] = null;
  else return false;
  return true;
}

/** `$.a.b[0]['c d']` → ['a', 'b', 0, 'c d'], or undefined when it is not such a path. */
function parsePath(jsonPath: string): Array<string | number> | undefined {
  if (!jsonPath.startsWith('$')) return undefined;
  const out: Array<string | number> = [];
  STEP.lastIndex = 1;
  while (STEP.lastIndex < jsonPath.length) {
    const m = STEP.exec(jsonPath);
    if (!m || out.length >= MAX_DEPTH) return undefined;
    if (m[2] !== undefined) {
      const index = Number(m[2]);
      if (index > MAX_INDEX) return undefined;
      out.push(index);
    } else {
      const key = m[1] ?? m[3];
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') return undefined;
      out.push(key);
    }
  }
  return out;
}
