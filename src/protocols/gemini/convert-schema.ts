import { isRecord } from '../shared/is-record.js';

type Json = Record<string, unknown>;

/** Schema keywords whose value is one schema, a list of schemas, or a map of schemas. */
const ONE = ['items', 'not', 'additionalProperties'];
const MANY = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const MAP = ['properties', '$defs', 'definitions'];
/** How deep a schema may nest before the rest is kept as sent (a bound on work, not a limit Gemini states). */
const MAX_DEPTH = 64;

/**
 * Gemini's OpenAPI-subset Schema (`parameters`, `responseSchema`: upper-case `type` names such
 * as `STRING` and `OBJECT`, `nullable`, `propertyOrdering`) → the JSON Schema every other
 * protocol speaks: type names lower-cased, `nullable: true` as a `"null"` type, and
 * `propertyOrdering` (Gemini's output-order hint) left out. Anything else is kept as is.
 */
export function openApiToJsonSchema(schema: Json, depth = 0): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'propertyOrdering' || key === 'nullable') continue;
    if (key === 'type' && typeof value === 'string') out.type = value.toLowerCase();
    else if (depth < MAX_DEPTH && ONE.includes(key) && isRecord(value)) out[key] = openApiToJsonSchema(value, depth + 1);
    else if (depth < MAX_DEPTH && MANY.includes(key) && Array.isArray(value)) out[key] = value.map((v) => (isRecord(v) ? openApiToJsonSchema(v, depth + 1) : v));
    else if (depth < MAX_DEPTH && MAP.includes(key) && isRecord(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isRecord(v) ? openApiToJsonSchema(v, depth + 1) : v]));
    } else out[key] = value;
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (out.type === undefined && Array.isArray(out.anyOf)) out.anyOf = [...out.anyOf, { type: 'null' }];
  }
  return out;
}
