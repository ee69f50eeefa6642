import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI, type GenerateContentResponse } from '@google/genai';
import { MATRIX_PROMPT, MATRIX_TOOL, type ClientDriver, type ClientOutcome, type MatrixCall } from './matrix-types.js';

type Seen = Omit<ClientOutcome, 'generationId' | 'warnings' | 'status'>;

/** Runs one SDK call: what the client read, with the response headers (or the SDK's error). */
async function observe(run: () => Promise<{ seen: Seen; headers: Headers }>): Promise<ClientOutcome> {
  try {
    const { seen, headers } = await run();
    return { status: 200, ...seen, generationId: headers.get('x-chuizi-generation-id') ?? '', warnings: headers.get('x-chuizi-warnings') ?? '' };
  } catch (err) {
    const e = err as { status?: number; error?: any; headers?: Headers };
    if (typeof e.status !== 'number') throw err;
    // openai: `error` is the body's `error` object; @anthropic-ai/sdk: the whole body.
    const errorType = e.error?.error?.type ?? e.error?.type;
    return { status: e.status, errorType, text: '', generationId: e.headers?.get('x-chuizi-generation-id') ?? '', warnings: e.headers?.get('x-chuizi-warnings') ?? '' };
  }
}

const parseArgs = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};

/** OpenAI Chat Completions through the `openai` SDK (`seed` as the extra parameter). */
const openaiChatDriver: ClientDriver = {
  id: 'openai-chat',
  label: 'OpenAI Chat (`openai` SDK)',
  extra: '`seed`',
  call: ({ url, key }, c: MatrixCall) =>
    observe(async () => {
      const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
      const body = {
        model: c.model, seed: 7, messages: [{ role: 'user' as const, content: MATRIX_PROMPT }],
        ...(c.scenario === 'tool' ? { tools: [{ type: 'function' as const, function: { ...MATRIX_TOOL, parameters: { ...MATRIX_TOOL.parameters } } }] } : {}),
      };
      if (!c.stream) {
        const { data, response } = await client.chat.completions.create({ ...body, stream: false }).withResponse();
        const m = data.choices[0].message;
        const call = m.tool_calls?.[0];
        return {
          headers: response.headers,
          seen: {
            text: m.content ?? '',
            toolCall: call && call.type === 'function' ? { name: call.function.name, args: parseArgs(call.function.arguments) } : undefined,
            usage: data.usage && { input: data.usage.prompt_tokens, cacheRead: data.usage.prompt_tokens_details?.cached_tokens, output: data.usage.completion_tokens },
          },
        };
      }
      const { data: stream, response } = await client.chat.completions.create({ ...body, stream: true }).withResponse();
      let text = '';
      let name: string | undefined;
      let args = '';
      let usage: Seen['usage'];
      for await (const chunk of stream) {
        const d = chunk.choices[0]?.delta;
        if (d?.content) text += d.content;
        for (const t of d?.tool_calls ?? []) {
          if (t.function?.name) name = t.function.name;
          args += t.function?.arguments ?? '';
        }
        if (chunk.usage) usage = { input: chunk.usage.prompt_tokens, cacheRead: chunk.usage.prompt_tokens_details?.cached_tokens, output: chunk.usage.completion_tokens };
      }
      return { headers: response.headers, seen: { text, toolCall: name ? { name, args: parseArgs(args) } : undefined, usage } };
    }),
};

/** Anthropic Messages through `@anthropic-ai/sdk` (`top_k` as the extra parameter). */
const anthropicDriver: ClientDriver = {
  id: 'anthropic',
  label: 'Anthropic Messages (`@anthropic-ai/sdk`)',
  extra: '`top_k`',
  call: ({ url, key }, c: MatrixCall) =>
    observe(async () => {
      const client = new Anthropic({ baseURL: `${url}/anthropic`, apiKey: key, maxRetries: 0 });
      const body = {
        model: c.model, max_tokens: 1000, top_k: 5, messages: [{ role: 'user' as const, content: MATRIX_PROMPT }],
        ...(c.scenario === 'tool' ? { tools: [{ name: MATRIX_TOOL.name, description: MATRIX_TOOL.description, input_schema: { ...MATRIX_TOOL.parameters, required: [...MATRIX_TOOL.parameters.required] } }] } : {}),
      };
      // Anthropic's input_tokens excludes cache reads and writes: the total is their sum.
      const norm = (u: { input_tokens?: number | null; cache_read_input_tokens?: number | null; cache_creation_input_tokens?: number | null; output_tokens?: number | null }) => ({
        input: (u.input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0),
        cacheRead: u.cache_read_input_tokens ?? undefined,
        output: u.output_tokens ?? 0,
      });
      if (!c.stream) {
        const { data, response } = await client.messages.create({ ...body, stream: false }).withResponse();
        const tool = data.content.find((b) => b.type === 'tool_use');
        return {
          headers: response.headers,
          seen: {
            text: data.content.map((b) => (b.type === 'text' ? b.text : '')).join(''),
            toolCall: tool && tool.type === 'tool_use' ? { name: tool.name, args: tool.input } : undefined,
            usage: norm(data.usage),
          },
        };
      }
      const { data: stream, response } = await client.messages.create({ ...body, stream: true }).withResponse();
      let text = '';
      let name: string | undefined;
      let args = '';
      // As the SDK's accumulated message: message_start's usage, updated by the final message_delta's.
      let usage: Parameters<typeof norm>[0] = {};
      for await (const ev of stream) {
        if (ev.type === 'message_start') usage = { ...ev.message.usage };
        else if (ev.type === 'content_block_start' && ev.content_block.type === 'tool_use') name = ev.content_block.name;
        else if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') text += ev.delta.text;
        else if (ev.type === 'content_block_delta' && ev.delta.type === 'input_json_delta') args += ev.delta.partial_json;
        else if (ev.type === 'message_delta') for (const [k, v] of Object.entries(ev.usage)) if (v != null) (usage as Record<string, unknown>)[k] = v;
      }
      return { headers: response.headers, seen: { text, toolCall: name ? { name, args: parseArgs(args) } : undefined, usage: norm(usage) } };
    }),
};

/** OpenAI Responses through the `openai` SDK (a hosted `web_search` tool as the extra). */
const openaiResponsesDriver: ClientDriver = {
  id: 'openai-responses',
  label: 'OpenAI Responses (`openai` SDK)',
  extra: 'a hosted `web_search` tool',
  call: ({ url, key }, c: MatrixCall) =>
    observe(async () => {
      const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
      const fn = { type: 'function' as const, name: MATRIX_TOOL.name, description: MATRIX_TOOL.description, parameters: { ...MATRIX_TOOL.parameters }, strict: false };
      const body = { model: c.model, input: MATRIX_PROMPT, tools: [...(c.scenario === 'tool' ? [fn] : []), { type: 'web_search' as const }] };
      const read = (r: OpenAI.Responses.Response): Seen => {
        const call = r.output.find((o) => o.type === 'function_call');
        return {
          text: r.output_text,
          toolCall: call && call.type === 'function_call' ? { name: call.name, args: parseArgs(call.arguments) } : undefined,
          usage: r.usage ? { input: r.usage.input_tokens, cacheRead: r.usage.input_tokens_details?.cached_tokens, output: r.usage.output_tokens } : undefined,
        };
      };
      if (!c.stream) {
        const { data, response } = await client.responses.create({ ...body, stream: false }).withResponse();
        return { headers: response.headers, seen: read(data) };
      }
      const { data: stream, response } = await client.responses.create({ ...body, stream: true }).withResponse();
      let text = '';
      let final: OpenAI.Responses.Response | undefined;
      for await (const ev of stream) {
        if (ev.type === 'response.output_text.delta') text += ev.delta;
        else if (ev.type === 'response.completed') final = ev.response;
      }
      // The text as the deltas delivered it; the tool call and usage from the final response event.
      const seen = final ? read(final) : { text: '' };
      return { headers: response.headers, seen: { ...seen, text } };
    }),
};

/** Gemini through `@google/genai` (`presencePenalty` as the extra parameter). */
const geminiDriver: ClientDriver = {
  id: 'gemini',
  label: 'Gemini (`@google/genai`)',
  extra: '`presencePenalty`',
  call: async ({ url, key }, c: MatrixCall) => {
    const ai = new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: `${url}/gemini`, apiVersion: 'v1beta' } });
    const params = {
      model: c.model, contents: MATRIX_PROMPT,
      config: { presencePenalty: 0.5, ...(c.scenario === 'tool' ? { tools: [{ functionDeclarations: [{ name: MATRIX_TOOL.name, description: MATRIX_TOOL.description, parametersJsonSchema: MATRIX_TOOL.parameters }] }] } : {}) },
    };
    const usageOf = (r: GenerateContentResponse | undefined): Seen['usage'] => {
      const u = r?.usageMetadata;
      return u && { input: u.promptTokenCount ?? 0, cacheRead: u.cachedContentTokenCount, output: (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0) };
    };
    try {
      let responses: GenerateContentResponse[];
      if (!c.stream) responses = [await ai.models.generateContent(params)];
      else {
        responses = [];
        for await (const chunk of await ai.models.generateContentStream(params)) responses.push(chunk);
      }
      const call = responses.flatMap((r) => r.functionCalls ?? [])[0];
      const headers = responses[0]?.sdkHttpResponse?.headers ?? {};
      return {
        status: 200,
        text: responses.map((r) => r.text ?? '').join(''),
        toolCall: call?.name ? { name: call.name, args: call.args } : undefined,
        usage: usageOf(responses.at(-1)),
        generationId: headers['x-chuizi-generation-id'] ?? '',
        warnings: headers['x-chuizi-warnings'] ?? '',
      };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // The SDK keeps no headers on its errors (the test finds the generation by account); the
      // envelope's Google status is in its message.
      return { status: err.status, errorType: /"status":\s*"([A-Z_]+)"/.exec(err.message)?.[1], text: '', generationId: '', warnings: '' };
    }
  },
};

/** The client protocols of the matrix, each through its official SDK. */
export const CLIENT_DRIVERS: ClientDriver[] = [openaiChatDriver, openaiResponsesDriver, anthropicDriver, geminiDriver];
