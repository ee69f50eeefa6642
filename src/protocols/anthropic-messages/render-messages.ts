import type { Message } from '../../core/index.js';
import { collapseText, renderBlock, textBlock, type AnthropicRole } from './render-content-blocks.js';

type Json = Record<string, unknown>;

export interface AnthropicTurn {
  role: AnthropicRole;
  content: Json[];
}

/**
 * Canonical messages → Anthropic's top-level `system` blocks and strictly alternating turns.
 * - system messages, wherever they are, become system text blocks (cache_control kept);
 * - role 'tool' messages (OpenAI's tool results) are sent as user turns;
 * - consecutive turns of the same Anthropic role are merged, so all tool results of one turn
 *   land in one user message; inside a user turn tool_result blocks come first, as Anthropic
 *   requires;
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
      for (const part of m.content) {
        if (part.type === 'text') system.push(textBlock(part));
        else warnings.push(`dropped unsupported content part '${part.type}' in ${where}`);
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
    if (content.length === 0) continue;
    const prev = out.at(-1);
    if (prev?.role === turn.role) prev.content.push(...content);
    else out.push({ role: turn.role, content });
  }
  if (out.length === 0 && system.length > 0) {
    warnings.push('the request has only system messages: sent as the user turn (Anthropic requires one)');
    return { system: [], turns: [{ role: 'user', content: system }] };
  }
  return { system, turns: out };
}

/** A turn as the wire sends it: one plain text block collapses to a string. */
export function turnJson(turn: AnthropicTurn): Json {
  return { role: turn.role, content: collapseText(turn.content) };
}

function isToolResult(block: Json): boolean {
  return block.type === 'tool_result';
}
