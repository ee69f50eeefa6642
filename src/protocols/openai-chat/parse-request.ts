import type {
  ChatRequest,
  FilePart,
  ImagePart,
  Message,
  Part,
  ResponseFormat,
  TextPart,
  ToolChoice,
  ToolDefinition,
} from '../../core/index.js';
import { validateRequestBody } from '../shared/validate-request-body.js';
import { parseDataUrl } from '../shared/data-url.js';
import {
  KNOWN_FIELDS,
  requestSchema,
  type OpenAIChatRequestBody,
  type OpenAIFunctionTool,
  type OpenAIMessage,
  type OpenAIUserContent,
} from './request-schema.js';

/**
 * An OpenAI Chat Completions request body (already JSON.parse'd) → the canonical ChatRequest.
 * Every invalid input throws GatewayError('validation_error') naming the field; top-level fields
 * the schema does not know are kept verbatim in `extensions` for a same-protocol upstream.
 */
export function parseRequest(body: unknown): ChatRequest {
  const b = validateRequestBody(requestSchema, body);
  const req: ChatRequest = {
    model: b.model,
    messages: b.messages.map(parseMessage),
    stream: b.stream ?? false,
  };
  const extensions: Record<string, unknown> = {};
  if (b.tools) {
    req.tools = b.tools.filter(isFunctionTool).map(parseTool);
    const custom = b.tools.filter((t) => !isFunctionTool(t));
    if (custom.length > 0) extensions.tools = custom;
  }
  if (b.tool_choice != null) {
    req.toolChoice = parseToolChoice(b.tool_choice);
    // A custom-tool or allowed_tools choice is approximated canonically and kept verbatim for OpenAI.
    if (typeof b.tool_choice !== 'string' && b.tool_choice.type !== 'function') extensions.tool_choice = b.tool_choice;
  }
  if (b.parallel_tool_calls != null) req.parallelToolCalls = b.parallel_tool_calls;
  const limits = [b.max_tokens, b.max_completion_tokens].filter((v): v is number => v != null);
  if (limits.length > 0) req.maxOutputTokens = Math.min(...limits);
  if (b.temperature != null) req.temperature = b.temperature;
  if (b.top_p != null) req.topP = b.top_p;
  if (b.stop != null) req.stop = typeof b.stop === 'string' ? [b.stop] : b.stop;
  if (b.n != null) req.n = b.n;
  if (b.seed != null) req.seed = b.seed;
  if (b.presence_penalty != null) req.presencePenalty = b.presence_penalty;
  if (b.frequency_penalty != null) req.frequencyPenalty = b.frequency_penalty;
  if (b.response_format != null) req.responseFormat = parseResponseFormat(b.response_format);
  if (b.reasoning_effort != null) req.reasoning = { effort: b.reasoning_effort };
  if (b.user != null) req.user = b.user;
  if (b.stream_options?.include_usage != null) req.streamUsage = b.stream_options.include_usage;
  // Object.fromEntries defines own properties, so a "__proto__" key stays inert data. validateRequestBody
  // has checked that the body is a JSON object.
  const unknown = Object.entries(body as Record<string, unknown>).filter(([key]) => !KNOWN_FIELDS.has(key));
  const fields = Object.fromEntries([...unknown, ...Object.entries(extensions)]);
  if (Object.keys(fields).length > 0) req.extensions = { protocol: 'openai', fields };
  return req;
}

function parseMessage(m: OpenAIMessage): Message {
  switch (m.role) {
    case 'system':
    case 'developer':
      return withName({ role: 'system', content: textParts(m.content) }, m.name);
    case 'user':
      return withName({ role: 'user', content: userParts(m.content) }, m.name);
    case 'assistant': {
      const content: Part[] = [];
      if (typeof m.content === 'string') {
        if (m.content !== '') content.push({ type: 'text', text: m.content });
      } else if (m.content) {
        for (const p of m.content) content.push(p.type === 'text' ? { type: 'text', text: p.text } : { type: 'refusal', text: p.refusal });
      }
      if (m.refusal) content.push({ type: 'refusal', text: m.refusal });
      for (const call of m.tool_calls ?? []) {
        content.push(
          'custom' in call
            ? { type: 'tool-call', id: call.id, name: call.custom.name, arguments: call.custom.input, extensions: { protocol: 'openai', fields: { type: 'custom' } } }
            : { type: 'tool-call', id: call.id, name: call.function.name, arguments: call.function.arguments },
        );
      }
      if (m.function_call) {
        const { name, arguments: args } = m.function_call;
        content.push({ type: 'tool-call', id: legacyCallId(name), name, arguments: args, extensions: { protocol: 'openai', fields: { legacy: 'function_call' } } });
      }
      return withName({ role: 'assistant', content }, m.name);
    }
    case 'tool':
      return { role: 'tool', content: [{ type: 'tool-result', toolCallId: m.tool_call_id, content: textParts(m.content) }] };
    case 'function':
      // The deprecated function result answers the function call of that name.
      return {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: legacyCallId(m.name), content: [{ type: 'text', text: m.content ?? '' }] }],
        extensions: { protocol: 'openai', fields: { role: 'function', name: m.name } },
      };
  }
}

/** The id a deprecated function call and its result share: they are matched by the function's name. */
function legacyCallId(name: string): string {
  return `call_${name}`;
}

function isFunctionTool(t: NonNullable<OpenAIChatRequestBody['tools']>[number]): t is OpenAIFunctionTool {
  return t.type !== 'custom';
}

function withName(message: Message, name: string | null | undefined): Message {
  if (name != null) message.name = name;
  return message;
}

function textParts(content: string | Array<{ type: 'text'; text: string }>): TextPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((p) => ({ type: 'text', text: p.text }));
}

function userParts(content: OpenAIUserContent): Part[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map((p): Part => {
    switch (p.type) {
      case 'text':
        return { type: 'text', text: p.text };
      case 'image_url': {
        const { url, detail } = p.image_url;
        const inline = parseDataUrl(url);
        const image: ImagePart = inline ? { type: 'image', data: inline.data, mediaType: inline.mediaType } : { type: 'image', url };
        if (detail != null) image.detail = detail;
        return image;
      }
      case 'input_audio':
        return { type: 'file', data: p.input_audio.data, mediaType: audioMediaType(p.input_audio.format) };
      case 'file': {
        // A Files API reference has no inline form: kept verbatim for an OpenAI upstream.
        if (p.file.file_data == null) return { type: 'native', protocol: 'openai', block: p };
        const raw = p.file.file_data;
        const inline = parseDataUrl(raw);
        const file: FilePart = inline ? { type: 'file', data: inline.data, mediaType: inline.mediaType } : { type: 'file', data: raw };
        if (p.file.filename != null) file.filename = p.file.filename;
        return file;
      }
    }
  });
}

/** OpenAI's input_audio `format` (wav, mp3, …) as a media type. */
function audioMediaType(format: string): string {
  return format === 'mp3' ? 'audio/mpeg' : `audio/${format}`;
}

function parseTool(t: OpenAIFunctionTool): ToolDefinition {
  const { name, description, parameters, strict } = t.function;
  const tool: ToolDefinition = { name };
  if (description != null) tool.description = description;
  if (parameters != null) tool.parameters = parameters;
  if (strict != null) tool.strict = strict;
  return tool;
}

function parseToolChoice(c: NonNullable<OpenAIChatRequestBody['tool_choice']>): ToolChoice {
  if (typeof c === 'string') return { type: c };
  switch (c.type) {
    case 'function':
      return { type: 'tool', name: c.function.name };
    case 'custom':
      return { type: 'tool', name: c.custom.name };
    case 'allowed_tools':
      return { type: c.allowed_tools.mode };
  }
}

function parseResponseFormat(f: NonNullable<OpenAIChatRequestBody['response_format']>): ResponseFormat {
  switch (f.type) {
    case 'text':
    case 'json_object':
      return { type: f.type };
    case 'json_schema': {
      const { name, schema, strict, description } = f.json_schema;
      const out: Extract<ResponseFormat, { type: 'json_schema' }> = { type: 'json_schema', name };
      if (schema != null) out.schema = schema;
      if (strict != null) out.strict = strict;
      if (description != null) out.description = description;
      return out;
    }
  }
}
