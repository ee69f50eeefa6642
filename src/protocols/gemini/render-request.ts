import type { ChatRequest, Message } from '../../core/index.js';
import { isRecord } from '../shared/is-record.js';
import type { RenderRequestTarget } from '../shared/protocol.js';
import { renderParts } from './render-parts.js';

export type { RenderRequestTarget };

type Json = Record<string, unknown>;

/** Models that refuse a history whose function calls lack their thought signature (Gemini 3 and later). */
const SIGNATURE_REQUIRED = /(^|\/)gemini-([3-9]|\d{2,})/;
/** Google's documented stand-in for a signature a call never had (one made by another model or client). */
const SKIP_SIGNATURE = 'skip_thought_signature_validator';

/** Gemini's stopSequences holds at most this many. */
const MAX_STOP_SEQUENCES = 5;
/** Thinking budgets for the effort names (0: no thinking), the nearest Gemini 2.5 equivalents. */
const EFFORT_BUDGETS: Readonly<Record<string, number>> = { none: 0, minimal: 512, low: 1024, medium: 8192, high: 24576, xhigh: 32768, max: 32768 };

/**
 * The canonical request → a Gemini `generateContent` body (the model goes in the URL, see
 * providers/gemini-provider.ts). System messages become `systemInstruction`; turns alternate as
 * `user`/`model` (tool results are user turns of functionResponse parts, named after their call);
 * tools are sent as `parametersJsonSchema` (plain JSON Schema) and a JSON schema output as
 * `responseJsonSchema`. A Gemini client's own fields (hosted tools, safetySettings, its
 * generationConfig as sent) are put back; other protocols' fields are dropped with a warning.
 */
export function renderRequest(req: ChatRequest, target?: Pick<RenderRequestTarget, 'model'>): { body: Json; warnings: string[] } {
  const warnings: string[] = [];
  const drop = (what: string) => warnings.push(`dropped unsupported ${what}`);
  const callNames = new Map(req.messages.flatMap((m) => m.content.flatMap((p) => (p.type === 'tool-call' ? [[p.id, p.name] as const] : []))));
  const ctx = { callNames, forClient: false, drop };

  const system = req.messages.filter((m) => m.role === 'system');
  const contents = renderContents(req.messages.filter((m) => m.role !== 'system'), ctx);
  if (target && SIGNATURE_REQUIRED.test(target.model)) signUnsignedCalls(contents);
  const body: Json = { contents };
  const systemParts = renderParts(system.flatMap((m) => m.content), ctx);
  if (systemParts.length > 0) body.systemInstruction = { parts: systemParts };

  const ext = req.extensions?.protocol === 'gemini' ? req.extensions.fields : undefined;
  if (req.tools && req.tools.length > 0) {
    body.tools = [{ functionDeclarations: req.tools.map((t) => ({ name: t.name, ...(t.description !== undefined ? { description: t.description } : {}), ...(t.parameters ? { parametersJsonSchema: t.parameters } : {}) })) }];
  }
  if (Array.isArray(ext?.tools)) body.tools = [...((body.tools as Json[] | undefined) ?? []), ...ext.tools];
  if (isRecord(ext?.toolConfig)) body.toolConfig = ext.toolConfig;
  else if (req.toolChoice) body.toolConfig = { functionCallingConfig: functionCallingConfig(req.toolChoice) };
  if (req.parallelToolCalls === false) drop("field 'parallel_tool_calls' (Gemini decides how many calls to make)");

  const config = isRecord(ext?.generationConfig) ? { ...ext.generationConfig } : generationConfig(req, warnings);
  // The output limit may have been lowered by the gateway (a wallet that covers less): it wins over the client's.
  if (req.maxOutputTokens !== undefined) config.maxOutputTokens = req.maxOutputTokens;
  if (Object.keys(config).length > 0) body.generationConfig = config;

  if (ext) {
    for (const [key, value] of Object.entries(ext)) if (!Object.hasOwn(body, key) && key !== 'generationConfig') body[key] = value;
  } else if (req.extensions) {
    const translated = new Set(req.extensions.translated ?? []);
    for (const key of Object.keys(req.extensions.fields)) if (!translated.has(key)) drop(`field '${key}'`);
  }
  return { body, warnings };
}

/** Turns in order, consecutive turns of one role merged (Gemini alternates user and model); empty turns left out. */
function renderContents(messages: readonly Message[], ctx: Parameters<typeof renderParts>[1]): Json[] {
  const contents: Array<{ role: string; parts: Json[] }> = [];
  const lastUser = messages.findLastIndex((m) => m.role === 'user' || m.role === 'tool');
  messages.forEach((m, i) => {
    if (m.clearAtNextUser && i < lastUser) return;
    const role = m.role === 'assistant' ? 'model' : 'user';
    const parts = renderParts(m.content, ctx);
    if (parts.length === 0) return;
    const last = contents[contents.length - 1];
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  });
  return contents;
}

function functionCallingConfig(choice: NonNullable<ChatRequest['toolChoice']>): Json {
  switch (choice.type) {
    case 'auto':
      return { mode: 'AUTO' };
    case 'none':
      return { mode: 'NONE' };
    case 'required':
      return { mode: 'ANY' };
    case 'tool':
      return { mode: 'ANY', allowedFunctionNames: [choice.name] };
  }
}

function generationConfig(req: ChatRequest, warnings: string[]): Json {
  const c: Json = {};
  if (req.temperature !== undefined) c.temperature = req.temperature;
  if (req.topP !== undefined) c.topP = req.topP;
  if (req.topK !== undefined) c.topK = req.topK;
  if (req.n !== undefined && req.n > 1) c.candidateCount = req.n;
  if (req.stop && req.stop.length > 0) {
    if (req.stop.length > MAX_STOP_SEQUENCES) warnings.push(`sent the first ${MAX_STOP_SEQUENCES} of ${req.stop.length} stop sequences (Gemini's limit)`);
    c.stopSequences = req.stop.slice(0, MAX_STOP_SEQUENCES);
  }
  if (req.presencePenalty !== undefined) c.presencePenalty = req.presencePenalty;
  if (req.frequencyPenalty !== undefined) c.frequencyPenalty = req.frequencyPenalty;
  if (req.seed !== undefined) c.seed = req.seed;
  const format = req.responseFormat;
  if (format?.type === 'json_object') c.responseMimeType = 'application/json';
  else if (format?.type === 'json_schema') {
    c.responseMimeType = 'application/json';
    if (format.schema) c.responseJsonSchema = format.schema;
  }
  const thinking = thinkingConfig(req.reasoning, warnings);
  if (thinking) c.thinkingConfig = thinking;
  return c;
}

/** The canonical reasoning request → Gemini's thinkingConfig, thoughts included so they reach the client. */
function thinkingConfig(reasoning: ChatRequest['reasoning'], warnings: string[]): Json | undefined {
  if (!reasoning) return undefined;
  if (reasoning.adaptive) return { thinkingBudget: -1, includeThoughts: true };
  if (reasoning.budgetTokens !== undefined) {
    const budget = reasoning.budgetTokens < 0 ? -1 : Math.floor(reasoning.budgetTokens);
    return budget === 0 ? { thinkingBudget: 0 } : { thinkingBudget: budget, includeThoughts: true };
  }
  if (reasoning.effort !== undefined) {
    const key = reasoning.effort.toLowerCase();
    if (!Object.hasOwn(EFFORT_BUDGETS, key)) {
      warnings.push(`dropped unsupported reasoning effort '${reasoning.effort}'`);
      return undefined;
    }
    const budget = EFFORT_BUDGETS[key];
    return budget === 0 ? { thinkingBudget: 0 } : { thinkingBudget: budget, includeThoughts: true };
  }
  return undefined;
}

/**
 * Gemini 3 validates the thought signature of the first function call of each model turn. A call
 * made through another protocol's client (which had no place to keep the signature) or by another
 * model has none: it gets Google's documented stand-in, so the conversation goes on instead of
 * failing with a 400. A call that kept its own signature is left alone.
 */
function signUnsignedCalls(contents: Json[]): void {
  for (const c of contents) {
    if (c.role !== 'model') continue;
    const first = (c.parts as Json[]).find((p) => p.functionCall !== undefined);
    if (first && first.thoughtSignature === undefined) first.thoughtSignature = SKIP_SIGNATURE;
  }
}
