import type { Message } from '../../core/index.js';
import { collapseText, describeNative, nativeBlock, renderBlock, textBlock, withExtensions, type AnthropicRole } from './render-content-blocks.js';

type Json = Record<string, unknown>;

export interface AnthropicTurn {
  role: AnthropicRole | 'system';
  content: Json[];
  /** Fields of a mid-conversation system message beside its content (clear_at, output_config). */
  fields?: Json;
}

/**
 * Canonical messages → Anthropic's top-level `system` blocks and the `messages` turns.
 * - a system message the client placed inside the conversation (`inline`, Anthropic's
 *   mid-conversation system message) that follows a turn stays there as a `role: "system"`
 *   entry, with its clear_at / output_config; every other system message (OpenAI's, or one
 *   before the first turn) becomes top-level system text blocks (cache_control kept);
 * - role 'tool' messages (OpenAI's tool results) are sent as user turns;
 * - consecutive turns of the same role are merged, so all tool results of one turn land in one
 *   user message (and two adjacent system entries become one, as Anthropic requires); inside a
 *   user turn tool_result blocks come first, as Anthropic requires;
 * - empty text blocks are left out (Anthropic rejects them), and a turn left with no block at
 *   all is skipped;
 * - a request of system messages alone (OpenAI accepts one; Anthropic requires a turn) sends
 *   them as the user turn, with a warning, rather than an empty `messages` Anthropic rejects.
 */
export function renderMessages(messages: readonly Message[], warnings: string[]): { system: Json[]; turns: AnthropicTurn[] } {
  const system: Json[] = [];
  const turns: AnthropicTurn[] = [];
  messages.forEach((m, i) => {
    const where = `messages[${i}]`;
    if (m.role === 'system') {
      if (m.inline && turns.length > 0) {
        turns.push(systemTurn(m, where, warnings));
        return;
      }
      for (const part of m.content) {
        if (part.type === 'text') system.push(textBlock(part));
        else warnings.push(`dropped unsupported content part '${part.type === 'native' ? describeNative(part) : part.type}' in ${where}`);
      }
      return;
    }
    const role: AnthropicRole = m.role === 'assistant' ? 'assistant' : 'user';
    const blocks: Json[] = [];
    for (const part of m.content) {
      const block = renderBlock(part, role, where, warnings);
      if (block) blocks.push(block);
    }
    const last = turns.at(-1);
    if (last?.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  });
  const out: AnthropicTurn[] = [];
  for (const turn of turns) {
    const nonEmpty = turn.content.filter((b) => !(b.type === 'text' && b.text === '' && b.cache_control === undefined));
    const content = turn.role === 'user' ? [...nonEmpty.filter(isToolResult), ...nonEmpty.filter((b) => !isToolResult(b))] : nonEmpty;
    // A turn whose only text was empty keeps it: dropping the turn would break alternation.
    if (content.length === 0 && turn.content.length > 0) content.push(turn.content[0]);
    if (content.length === 0 && !(turn.role === 'system' && turn.fields)) continue;
    const prev = out.at(-1);
    if (prev?.role === turn.role) prev.content.push(...content);
    else out.push({ ...turn, content });
  }
  if (out.length === 0 && system.length > 0) {
    warnings.push('the request has only system messages: sent as the user turn (Anthropic requires one)');
    return { system: [], turns: [{ role: 'user', content: system }] };
  }
  return { system, turns: out };
}

/** A mid-conversation system message as Anthropic takes it: text blocks and its native directives. */
function systemTurn(m: Message, where: string, warnings: string[]): AnthropicTurn {
  const content: Json[] = [];
  for (const part of m.content) {
    const block = part.type === 'text' ? textBlock(part) : part.type === 'native' ? nativeBlock(part) : undefined;
    if (block) content.push(withExtensions(block, part));
    else warnings.push(`dropped unsupported content part '${part.type === 'native' ? describeNative(part) : part.type}' in ${where}`);
  }
  const fields = m.extensions?.protocol === 'anthropic' ? m.extensions.fields : undefined;
  return fields && Object.keys(fields).length > 0 ? { role: 'system', content, fields } : { role: 'system', content };
}

/** A turn as the wire sends it: one plain text block collapses to a string. */
export function turnJson(turn: AnthropicTurn): Json {
  const json: Json = { role: turn.role };
  // A system entry with only output_config carries no content (Anthropic allows that).
  if (turn.content.length > 0 || turn.role !== 'system') json.content = collapseText(turn.content);
  // fromEntries keeps a "__proto__" key inert; the fields never override role or content.
  const extra = Object.entries(turn.fields ?? {}).filter(([key]) => key !== 'role' && key !== 'content');
  return Object.fromEntries([...Object.entries(json), ...extra]);
}

function isToolResult(block: Json): boolean {
  return block.type === 'tool_result';
}
