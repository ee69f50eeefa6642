import type { ChatRequest, ResponseFormat, ToolChoice, ToolDefinition } from '../../core/index.js';
import { isRecord } from '../shared/is-record.js';
import { collapseText, withCache } from './render-content-blocks.js';
import { renderMessages, turnJson, type AnthropicTurn } from './render-messages.js';
import { renderThinking, type AnthropicThinking } from './map-thinking.js';

export interface RenderRequestTarget {
  /** The upstream's own model name. */
  model: string;
  /** max_tokens when the client gave no output limit (Anthropic requires one). */
  defaultMaxTokens: number;
}

type Json = Record<string, unknown>;

/**
 * The canonical ChatRequest → an upstream Anthropic Messages body. Pure and per attempt; what
 * Anthropic cannot carry is dropped with a warning, never an exception.
 */
export function renderRequest(req: ChatRequest, target: RenderRequestTarget): { body: Json; warnings: string[] } {
  const warnings: string[] = [];
  const { system, turns } = renderMessages(req.messages, warnings);
  const maxTokens = req.maxOutputTokens ?? target.defaultMaxTokens;
  const body: Json = { model: target.model, max_tokens: maxTokens, messages: turns.map(turnJson) };

  const ext = req.extensions?.protocol === 'anthropic' ? req.extensions.fields : undefined;
  // An Anthropic client's own structured output travels natively in its output_config.
  const nativeFormat = isRecord(ext?.output_config) && ext.output_config.format != null;
  if (req.responseFormat && req.responseFormat.type !== 'text' && !nativeFormat) {
    system.push({ type: 'text', text: jsonInstruction(req.responseFormat) });
    warnings.push(`response_format '${req.responseFormat.type}' sent as a system instruction (Anthropic has no JSON mode)`);
  }
  if (system.length > 0) body.system = collapseText(system);

  const serverTools = Array.isArray(ext?.tools) ? (ext.tools as unknown[]) : [];
  if (req.tools !== undefined || serverTools.length > 0) body.tools = [...(req.tools ?? []).map((t) => renderTool(t, warnings)), ...serverTools];
  const hasTools = (req.tools?.length ?? 0) + serverTools.length > 0;
  const toolNames = new Set([...(req.tools ?? []).map((t) => t.name), ...serverTools.map((t) => (isRecord(t) ? t.name : undefined))]);
  const toolChoice = renderToolChoice(req.toolChoice, req.parallelToolCalls, hasTools, toolNames, warnings);
  if (toolChoice) body.tool_choice = toolChoice;

  if (req.stop !== undefined) {
    const stops = req.stop.filter((s) => s.trim() !== '');
    if (stops.length < req.stop.length) warnings.push('dropped whitespace-only stop sequences (Anthropic rejects them)');
    if (stops.length > 0) body.stop_sequences = stops;
  }

  const outputConfig = ext?.output_config;
  const nativeEffort = isRecord(outputConfig) && outputConfig.effort !== undefined && outputConfig.effort === req.reasoning?.effort;
  let thinking = renderThinking(req.reasoning, maxTokens, nativeEffort, warnings);
  if (thinking && lastToolTurnLacksThinking(turns)) {
    warnings.push('dropped thinking: the last assistant turn calls tools without a signed thinking block, which Anthropic rejects');
    thinking = undefined;
  }
  const forced = toolChoice?.type;
  if (thinking && (forced === 'any' || forced === 'tool')) {
    warnings.push(`dropped thinking: Anthropic does not allow it with a forced tool_choice '${String(forced)}'`);
    thinking = undefined;
  }
  if (thinking) body.thinking = sameThinking(ext?.thinking, thinking) ? ext?.thinking : thinking;
  renderSampling(req, body, thinking !== undefined, warnings);

  if (req.n !== undefined && req.n > 1) warnings.push(`dropped unsupported field 'n' (Anthropic returns one choice)`);
  if (req.seed !== undefined) warnings.push(`dropped unsupported field 'seed'`);
  if (req.presencePenalty !== undefined) warnings.push(`dropped unsupported field 'presence_penalty'`);
  if (req.frequencyPenalty !== undefined) warnings.push(`dropped unsupported field 'frequency_penalty'`);
  if (req.user !== undefined) body.metadata = { user_id: req.user };
  if (req.stream) body.stream = true;

  if (req.extensions && !ext) {
    const translated = new Set(req.extensions.translated ?? []);
    for (const key of Object.keys(req.extensions.fields)) if (!translated.has(key)) warnings.push(`dropped unsupported field '${key}'`);
  }
  if (!ext) return { body, warnings };
  // Anthropic extensions never override a field rendered above (server tools were merged);
  // fromEntries keeps a "__proto__" key inert.
  const extra = Object.entries(ext).filter(([key]) => key !== 'tools' && key !== 'thinking' && !Object.hasOwn(body, key));
  return { body: Object.fromEntries([...Object.entries(body), ...extra]), warnings };
}

/**
 * The client's own thinking object is sent verbatim (with `display`, …) when it asks for what was
 * rendered: the same budget, or adaptive / between_tools for adaptive.
 */
function sameThinking(clientThinking: unknown, rendered: AnthropicThinking): boolean {
  if (!isRecord(clientThinking)) return false;
  if (rendered.type === 'enabled') return clientThinking.type === 'enabled' && clientThinking.budget_tokens === rendered.budget_tokens;
  return clientThinking.type === 'adaptive' || clientThinking.type === 'between_tools';
}

function renderTool(t: ToolDefinition, warnings: string[]): Json {
  const params = t.parameters ?? {};
  const tool: Json = { name: t.name };
  if (t.description !== undefined) tool.description = t.description;
  // Anthropic requires an object schema; OpenAI allows the type to be left out.
  tool.input_schema = params.type === undefined ? { type: 'object', properties: {}, ...params } : params;
  // An Anthropic client's own `strict` travels in the extensions; another protocol's is dropped.
  const own = t.extensions?.protocol === 'anthropic' ? t.extensions.fields : undefined;
  if (t.strict !== undefined && !(own && Object.hasOwn(own, 'strict'))) warnings.push(`dropped unsupported field 'strict' of tool '${t.name}'`);
  const rendered = withCache(tool, t.cacheControl);
  if (!own) return rendered;
  // fromEntries keeps a "__proto__" key inert; the fields never override a rendered one.
  return Object.fromEntries([...Object.entries(rendered), ...Object.entries(own).filter(([key]) => !Object.hasOwn(rendered, key))]);
}

function renderToolChoice(choice: ToolChoice | undefined, parallel: boolean | undefined, hasTools: boolean, toolNames: ReadonlySet<unknown>, warnings: string[]): Json | undefined {
  if (choice?.type === 'tool' && hasTools && !toolNames.has(choice.name)) {
    // A tool Anthropic does not get (an OpenAI custom tool): forcing it would be refused.
    warnings.push(`dropped tool_choice 'tool': Anthropic has no tool named '${choice.name}'`);
    return renderToolChoice(undefined, parallel, hasTools, toolNames, warnings);
  }
  if (!hasTools) {
    if (choice?.type === 'required' || choice?.type === 'tool') warnings.push(`dropped tool_choice '${choice.type}': the request has no tools`);
    return undefined;
  }
  let out: Json | undefined;
  switch (choice?.type) {
    case 'auto':
    case 'none':
      out = { type: choice.type };
      break;
    case 'required':
      out = { type: 'any' };
      break;
    case 'tool':
      out = { type: 'tool', name: choice.name };
      break;
    case undefined:
      if (parallel === false) out = { type: 'auto' };
      break;
  }
  if (out && out.type !== 'none' && parallel !== undefined) out.disable_parallel_tool_use = !parallel;
  return out;
}

/**
 * temperature, top_p and top_k. Anthropic's temperature range is 0–1 (OpenAI's is 0–2), and with
 * thinking on it accepts only temperature 1, top_p ≥ 0.95 and no top_k: the rest is dropped
 * with a warning rather than sent to fail.
 */
function renderSampling(req: ChatRequest, body: Json, thinking: boolean, warnings: string[]): void {
  let temperature = req.temperature;
  if (temperature !== undefined && temperature > 1) {
    warnings.push(`temperature ${temperature} clamped to 1 (Anthropic's maximum)`);
    temperature = 1;
  }
  if (temperature !== undefined) {
    if (thinking && temperature !== 1) warnings.push(`dropped temperature ${temperature}: Anthropic requires 1 with thinking`);
    else body.temperature = temperature;
  }
  if (req.topP !== undefined) {
    if (thinking && req.topP < 0.95) warnings.push(`dropped top_p ${req.topP}: Anthropic requires at least 0.95 with thinking`);
    else body.top_p = req.topP;
  }
  if (req.topK !== undefined) {
    if (thinking) warnings.push(`dropped top_k: Anthropic does not allow it with thinking`);
    else body.top_k = req.topK;
  }
}

/** With thinking on, Anthropic wants the last assistant turn that calls tools to start with thinking. */
function lastToolTurnLacksThinking(turns: readonly AnthropicTurn[]): boolean {
  const last = turns.findLast((t) => t.role === 'assistant');
  if (!last || !last.content.some((b) => b.type === 'tool_use')) return false;
  const first = last.content[0]?.type;
  return first !== 'thinking' && first !== 'redacted_thinking';
}

function jsonInstruction(format: Exclude<ResponseFormat, { type: 'text' }>): string {
  if (format.type === 'json_object') return 'Respond with a single valid JSON object and nothing else: no prose, no code fences.';
  const lines = [`Respond with a single valid JSON object and nothing else: no prose, no code fences. The object must conform to the JSON Schema named "${format.name}"`];
  if (format.description) lines.push(`(${format.description})`);
  lines.push(format.schema !== undefined ? `below.\n${JSON.stringify(format.schema)}` : '.');
  return lines.join(' ');
}
