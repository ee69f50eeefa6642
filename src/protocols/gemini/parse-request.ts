import { GatewayError, type ChatRequest, type Message, type ResponseFormat, type ToolChoice, type ToolDefinition } from '../../core/index.js';
import type { RequestUrlParts } from '../shared/protocol.js';
import { validateRequestBody } from '../shared/validate-request-body.js';
import { openApiToJsonSchema } from './convert-schema.js';
import { parsePart } from './parse-parts.js';
import { KNOWN_FIELDS, TRANSLATED_CONFIG, requestSchema, type GeminiContent, type GeminiGenerationConfig, type GeminiRequestBody } from './request-schema.js';

type Json = Record<string, unknown>;

/**
 * A Gemini `generateContent` request body (already JSON.parse'd) plus what its path says (the
 * model of `models/{model}:generateContent`, and whether it was `:streamGenerateContent`) → the
 * canonical ChatRequest. Every invalid input throws GatewayError('validation_error') naming the
 * field. What only Gemini knows (hosted tools, safetySettings, cachedContent, generationConfig
 * fields beyond the canonical ones) is kept verbatim in `extensions` for a Gemini upstream.
 */
export function parseRequest(body: unknown, url: RequestUrlParts = {}): ChatRequest {
  const b = validateRequestBody(requestSchema, body);
  const model = modelName(url.model ?? b.model ?? '');
  if (!model) throw new GatewayError('validation_error', "'model' is required: call models/{model}:generateContent", { param: 'model' });
  const req: ChatRequest = { model, messages: [...systemMessages(b), ...parseContents(b.contents)], stream: url.stream ?? false };
  const extensions: Json = {};
  const translated: string[] = [];

  const declarations = (b.tools ?? []).flatMap((t) => t.functionDeclarations ?? []);
  if (declarations.length > 0) req.tools = declarations.map(parseTool);
  const hosted = (b.tools ?? []).map(({ functionDeclarations: _, ...rest }) => rest).filter((t) => Object.keys(t).length > 0);
  if (hosted.length > 0) extensions.tools = hosted;

  if (b.toolConfig) {
    const { functionCallingConfig, ...rest } = b.toolConfig;
    const fc = functionCallingConfig ?? undefined;
    const choice = fc ? toolChoice(fc.mode ?? undefined, fc.allowedFunctionNames ?? undefined) : undefined;
    if (choice) req.toolChoice = choice;
    extensions.toolConfig = b.toolConfig;
    // Several allowed names, or other settings (retrievalConfig), have no canonical form.
    if (Object.keys(rest).length === 0 && (fc?.allowedFunctionNames ?? []).length <= 1) translated.push('toolConfig');
  }

  if (b.generationConfig) applyGenerationConfig(req, b.generationConfig, extensions, translated);
  for (const key of ['safetySettings', 'cachedContent', 'labels'] as const) if (b[key] != null) extensions[key] = b[key];
  for (const [key, value] of Object.entries(body as Json)) if (!KNOWN_FIELDS.has(key)) extensions[key] = value;
  if (Object.keys(extensions).length > 0) req.extensions = { protocol: 'gemini', fields: extensions, ...(translated.length > 0 ? { translated } : {}) };
  return req;
}

/** `models/gemini-2.5-flash` → `gemini-2.5-flash`; a provider-prefixed id (`google/gemini-2.5-flash`) stays whole. */
function modelName(raw: string): string {
  return raw.startsWith('models/') ? raw.slice('models/'.length) : raw;
}

function systemMessages(b: GeminiRequestBody): Message[] {
  const s = b.systemInstruction;
  if (s == null) return [];
  if (typeof s === 'string') return s === '' ? [] : [{ role: 'system', content: [{ type: 'text', text: s }] }];
  const content = s.parts.flatMap((p) => parsePart(p, () => '', () => ''));
  return content.length > 0 ? [{ role: 'system', content }] : [];
}

/**
 * The turns, in order. Gemini sends no call ids: a model turn's call gets one from its position
 * (`call_<turn>_<part>`, stable across requests since clients resend the history), and a
 * functionResponse answers the first unanswered call of its name (or the id it names).
 */
function parseContents(contents: GeminiContent[]): Message[] {
  let open: Array<{ id: string; name: string }> = [];
  return contents.map((c, i): Message => {
    const role = c.role === 'model' ? 'assistant' : c.role === 'system' ? 'system' : 'user';
    const calls: Array<{ id: string; name: string }> = [];
    const content = c.parts.flatMap((p, j) =>
      parsePart(
        p,
        (call) => {
          const id = typeof call.id === 'string' && call.id !== '' ? call.id : `call_${i}_${j}`;
          calls.push({ id, name: String(call.name) });
          return id;
        },
        (response) => {
          if (typeof response.id === 'string' && response.id !== '') {
            open = open.filter((o) => o.id !== response.id);
            return response.id;
          }
          const at = open.findIndex((o) => o.name === response.name);
          if (at < 0) return `call_${i}_${j}`;
          const [match] = open.splice(at, 1);
          return match.id;
        },
      ),
    );
    if (role === 'assistant') open = calls;
    return { role, content };
  });
}

function parseTool(d: { name: string; description?: string | null; parameters?: Json | null; parametersJsonSchema?: Json | null }): ToolDefinition {
  const tool: ToolDefinition = { name: d.name };
  if (d.description != null) tool.description = d.description;
  if (d.parametersJsonSchema != null) tool.parameters = d.parametersJsonSchema;
  else if (d.parameters != null) tool.parameters = openApiToJsonSchema(d.parameters);
  return tool;
}

function toolChoice(mode: string | undefined, names: string[] | undefined): ToolChoice | undefined {
  switch (mode) {
    case 'AUTO':
      return { type: 'auto' };
    case 'NONE':
      return { type: 'none' };
    case 'ANY':
    case 'VALIDATED':
      return names?.length === 1 ? { type: 'tool', name: names[0] } : { type: 'required' };
    default:
      return undefined;
  }
}

function applyGenerationConfig(req: ChatRequest, g: GeminiGenerationConfig, extensions: Json, translated: string[]): void {
  if (g.temperature != null) req.temperature = g.temperature;
  if (g.topP != null) req.topP = g.topP;
  if (g.topK != null) req.topK = g.topK;
  if (g.candidateCount != null) req.n = g.candidateCount;
  if (g.maxOutputTokens != null) req.maxOutputTokens = g.maxOutputTokens;
  if (g.stopSequences != null && g.stopSequences.length > 0) req.stop = g.stopSequences;
  if (g.presencePenalty != null) req.presencePenalty = g.presencePenalty;
  if (g.frequencyPenalty != null) req.frequencyPenalty = g.frequencyPenalty;
  if (g.seed != null) req.seed = g.seed;
  const format = responseFormat(g);
  if (format) req.responseFormat = format;
  const t = g.thinkingConfig;
  if (t) {
    if (t.thinkingLevel != null && t.thinkingLevel !== 'THINKING_LEVEL_UNSPECIFIED') req.reasoning = { effort: t.thinkingLevel.toLowerCase() };
    // -1 is Gemini's dynamic budget (the model decides); 0 turns thinking off.
    else if (t.thinkingBudget != null) req.reasoning = { budgetTokens: t.thinkingBudget };
  }
  // The config as sent, for a Gemini upstream (includeThoughts, responseModalities, …); translated when nothing else is in it.
  const rest = Object.keys(g).filter((k) => !TRANSLATED_CONFIG.has(k) || (k === 'responseMimeType' && !format));
  extensions.generationConfig = g;
  if (rest.length === 0) translated.push('generationConfig');
}

function responseFormat(g: GeminiGenerationConfig): ResponseFormat | undefined {
  const mime = g.responseMimeType ?? undefined;
  const schema = g.responseJsonSchema ?? (g.responseSchema ? openApiToJsonSchema(g.responseSchema) : undefined);
  if (mime === 'application/json') return schema ? { type: 'json_schema', name: 'response', schema } : { type: 'json_object' };
  if (mime === 'text/plain') return { type: 'text' };
  return undefined;
}
