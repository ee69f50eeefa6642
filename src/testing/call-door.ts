/** The two front doors a client may use for a chat call. */
export type Door = 'openai' | 'anthropic';
export const DOORS: Door[] = ['openai', 'anthropic'];

export interface DoorAnswer {
  status: number;
  genId: string;
  headers: Headers;
  /** Non-stream: the parsed body. */
  body?: any;
  /** Streams: the parsed SSE data frames, in order. */
  frames: any[];
  /** Streams: the finish reason the client saw (`length` / `max_tokens` …). */
  finish?: string;
  /** The text the client received. */
  text: string;
  /** The error message of an error answer (either envelope, in-band included). */
  errorMessage?: string;
}

/**
 * One chat call through a front door over a real socket: `/v1/chat/completions` (OpenAI) or
 * `/anthropic/v1/messages` (Anthropic, which requires max_tokens: 1000 unless given).
 */
export async function callDoor(
  url: string,
  door: Door,
  key: string,
  opts: { model: string; content?: string; stream?: boolean; maxTokens?: number; signal?: AbortSignal },
): Promise<DoorAnswer> {
  const path = door === 'openai' ? '/v1/chat/completions' : '/anthropic/v1/messages';
  const maxTokens = opts.maxTokens ?? (door === 'anthropic' ? 1000 : undefined);
  const payload = { model: opts.model, stream: opts.stream ?? false, ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}), messages: [{ role: 'user', content: opts.content ?? 'hello' }] };
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    signal: opts.signal,
  });
  const raw = await res.text();
  const answer: DoorAnswer = { status: res.status, genId: res.headers.get('x-chuizi-generation-id') ?? '', headers: res.headers, frames: [], text: '' };
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    answer.body = raw ? JSON.parse(raw) : undefined;
    answer.errorMessage = answer.body?.error?.message;
    answer.text = door === 'openai' ? (answer.body?.choices?.[0]?.message?.content ?? '') : (answer.body?.content ?? []).map((b: any) => b.text ?? '').join('');
    answer.finish = door === 'openai' ? answer.body?.choices?.[0]?.finish_reason : answer.body?.stop_reason;
    return answer;
  }
  for (const line of raw.split('\n')) {
    if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
    const f = JSON.parse(line.slice(6));
    answer.frames.push(f);
    if (f.error) answer.errorMessage = f.error.message;
    if (door === 'openai') {
      answer.text += f.choices?.[0]?.delta?.content ?? '';
      answer.finish = f.choices?.[0]?.finish_reason ?? answer.finish;
    } else {
      if (f.type === 'content_block_delta') answer.text += f.delta?.text ?? '';
      if (f.type === 'message_delta') answer.finish = f.delta?.stop_reason ?? answer.finish;
    }
  }
  return answer;
}
