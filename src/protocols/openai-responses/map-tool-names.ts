import type { ToolDefinition } from '../../core/index.js';
import { isRecord } from '../shared/is-record.js';

/** What a tool name the upstream sees stands for in the Responses request. */
export interface ResponsesToolName {
  /** The tool's own name (inside its namespace, if any). */
  name: string;
  namespace?: string;
  /** `custom`: a freeform tool, carried upstream as a function whose one string argument is its input. */
  kind: 'function' | 'custom';
}

/** The argument a freeform (custom) tool's input travels in, upstream. */
export const CUSTOM_INPUT_ARGUMENT = 'input';

/**
 * The name a (possibly namespaced) tool is given upstream: one flat function name in the
 * character set every upstream accepts (`[A-Za-z0-9_-]`), `<namespace>__<name>` inside a
 * namespace (a namespace already ending in `_` is joined as is: `mcp__docs__` + `search`).
 */
export function upstreamToolName(name: string, namespace?: string | null): string {
  const joined = namespace ? (namespace.endsWith('_') ? `${namespace}${name}` : `${namespace}__${name}`) : name;
  return joined.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * The Responses tools of a request (as the client sent them) → the canonical function tools and
 * the table from upstream name back to the client's tool. Namespaces are flattened into their
 * function and custom tools; a custom (freeform) tool becomes a function with one string
 * argument, its grammar (if any) quoted in the description so the model knows the format.
 * Hosted tools (web_search, file_search, …) have no canonical form and are returned apart.
 */
export function mapToolNames(tools: readonly unknown[]): { definitions: ToolDefinition[]; names: Map<string, ResponsesToolName>; hosted: string[] } {
  const definitions: ToolDefinition[] = [];
  const names = new Map<string, ResponsesToolName>();
  const hosted: string[] = [];
  const add = (t: Record<string, unknown>, namespace?: string) => {
    const name = String(t.name);
    const upstream = upstreamToolName(name, namespace);
    if (t.type === 'custom') {
      definitions.push(customDefinition(upstream, t));
      names.set(upstream, namespace ? { name, namespace, kind: 'custom' } : { name, kind: 'custom' });
      return;
    }
    const def: ToolDefinition = { name: upstream };
    if (typeof t.description === 'string') def.description = t.description;
    if (isRecord(t.parameters)) def.parameters = t.parameters;
    if (typeof t.strict === 'boolean') def.strict = t.strict;
    definitions.push(def);
    names.set(upstream, namespace ? { name, namespace, kind: 'function' } : { name, kind: 'function' });
  };
  for (const t of tools) {
    if (!isRecord(t)) continue;
    if (t.type === 'function' || t.type === 'custom') add(t);
    else if (t.type === 'namespace' && Array.isArray(t.tools)) {
      for (const inner of t.tools) if (isRecord(inner)) add(inner, String(t.name));
    } else hosted.push(String(t.type));
  }
  return { definitions, names, hosted };
}

function customDefinition(name: string, t: Record<string, unknown>): ToolDefinition {
  const lines: string[] = [];
  if (typeof t.description === 'string' && t.description !== '') lines.push(t.description);
  lines.push(`Call this tool with the raw freeform text in the single '${CUSTOM_INPUT_ARGUMENT}' argument (not JSON-encoded content).`);
  const f = t.format;
  if (isRecord(f) && f.type === 'grammar' && typeof f.definition === 'string') {
    lines.push(`The text must follow this ${typeof f.syntax === 'string' ? f.syntax : ''} grammar:\n${f.definition}`);
  }
  return {
    name,
    description: lines.join('\n\n'),
    parameters: {
      type: 'object',
      properties: { [CUSTOM_INPUT_ARGUMENT]: { type: 'string', description: 'The freeform input of the tool.' } },
      required: [CUSTOM_INPUT_ARGUMENT],
      additionalProperties: false,
    },
  };
}

/** A custom tool's freeform input as the upstream function arguments. */
export function customArguments(input: string): string {
  return JSON.stringify({ [CUSTOM_INPUT_ARGUMENT]: input });
}

/**
 * The freeform input back from the upstream's function arguments: the `input` string when the
 * arguments are the expected object, else the arguments text itself (a model that answered
 * with bare text still gets its text to the client).
 */
export function customInput(args: string): string {
  try {
    const parsed: unknown = JSON.parse(args);
    if (isRecord(parsed) && typeof parsed[CUSTOM_INPUT_ARGUMENT] === 'string') return parsed[CUSTOM_INPUT_ARGUMENT];
    if (typeof parsed === 'string') return parsed;
  } catch {
    // not JSON: the model sent the freeform text directly
  }
  return args;
}
