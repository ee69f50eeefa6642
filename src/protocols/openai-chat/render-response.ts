import type { ChatResponse, Choice } from '../../core/index.js';
import { renderFinishReason } from './map-finish-reason.js';
import { renderUsage } from './map-usage.js';

export interface RenderResponseMeta {
  /** The generation id; the client sees it as the completion id. */
  id: string;
  /** The public model id the client sent. */
  model: string;
  created: number;
  xChuizi: Record<string, unknown>;
}

/** The canonical ChatResponse → the `chat.completion` object an OpenAI client receives. */
export function renderResponse(res: ChatResponse, meta: RenderResponseMeta): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: res.choices.map(renderChoice),
    usage: renderUsage(res.usage),
  };
  if (res.systemFingerprint !== undefined) body.system_fingerprint = res.systemFingerprint;
  body.x_chuizi = meta.xChuizi;
  return body;
}

function renderChoice(choice: Choice): Record<string, unknown> {
  const texts: string[] = [];
  const refusals: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: Array<Record<string, unknown>> = [];
  let functionCall: Record<string, unknown> | undefined;
  for (const part of choice.content) {
    switch (part.type) {
      case 'text':
        texts.push(part.text);
        break;
      case 'refusal':
        refusals.push(part.text);
        break;
      case 'reasoning':
        // Redacted reasoning and signatures have no OpenAI field; only readable text is shown.
        if (part.text) reasoning.push(part.text);
        break;
      case 'tool-call': {
        const kind = part.extensions?.protocol === 'openai' ? part.extensions.fields : undefined;
        if (kind?.legacy === 'function_call') functionCall = { name: part.name, arguments: part.arguments };
        else if (kind?.type === 'custom') toolCalls.push({ id: part.id, type: 'custom', custom: { name: part.name, input: part.arguments } });
        else toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } });
        break;
      }
      case 'image':
      case 'file':
      case 'tool-result':
        // Not produced by models in a chat completion; nothing to render.
        break;
    }
  }
  // OpenAI sends null content beside tool calls or a refusal, and "" for an empty answer.
  const content = texts.length > 0 ? texts.join('') : toolCalls.length > 0 || refusals.length > 0 || functionCall ? null : '';
  const message: Record<string, unknown> = {
    role: 'assistant',
    content,
    refusal: refusals.length > 0 ? refusals.join('') : null,
  };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (functionCall) message.function_call = functionCall;
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('');
  return {
    index: choice.index,
    message,
    logprobs: choice.logprobs ?? null,
    finish_reason: renderFinishReason(choice.finishReason),
  };
}
