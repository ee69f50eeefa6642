import type { ChatResponse, FinishReason, Part, StreamEvent, Usage } from '../../core/index.js';
import { mergeUsage } from '../shared/merge-usage.js';

/**
 * Folds canonical stream events (first choice) into the whole answer: its parts in the order
 * they began (consecutive text deltas one text part, each reasoning run one reasoning part, each
 * tool call one tool-call part, however its argument deltas interleave), the finish reason and
 * the usage. The stream renderer builds `response.completed` from it, and the gateway the copy
 * it keeps — so both carry the same items with the same ids as a non-streamed answer.
 */
export class StreamOutput {
  readonly parts: Part[] = [];
  finish?: FinishReason;
  usage: Usage = {};
  #tools = new Map<number, Extract<Part, { type: 'tool-call' }>>();

  add(event: StreamEvent): void {
    switch (event.type) {
      case 'start':
        if (event.usage) this.usage = mergeUsage(this.usage, event.usage);
        return;
      case 'usage':
        this.usage = mergeUsage(this.usage, event.usage);
        return;
      case 'text-delta':
      case 'refusal-delta':
      case 'reasoning-delta': {
        if (event.choice !== 0) return;
        const type = event.type === 'text-delta' ? 'text' : event.type === 'refusal-delta' ? 'refusal' : 'reasoning';
        const last = this.parts[this.parts.length - 1];
        // A signed or redacted reasoning block is complete: new reasoning is another block.
        const closed = last?.type === 'reasoning' && (last.signature !== undefined || last.redactedData !== undefined);
        if (last?.type === type && !closed) last.text += event.text;
        else this.parts.push({ type, text: event.text });
        return;
      }
      case 'tool-call-start': {
        if (event.choice !== 0) return;
        const part = { type: 'tool-call' as const, id: event.id, name: event.name, arguments: '' };
        this.#tools.set(event.toolIndex, part);
        this.parts.push(part);
        return;
      }
      case 'tool-call-delta': {
        const part = event.choice === 0 ? this.#tools.get(event.toolIndex) : undefined;
        if (part) part.arguments += event.argumentsDelta;
        return;
      }
      case 'native-block':
        if (event.choice === 0) this.parts.push(event.part);
        return;
      case 'finish':
        if (event.choice === 0) this.finish = event.finishReason;
        return;
      case 'reasoning-signature': {
        const last = this.parts[this.parts.length - 1];
        if (event.choice === 0 && last?.type === 'reasoning') last.signature = event.signature;
        return;
      }
      case 'reasoning-redacted':
        if (event.choice === 0) this.parts.push({ type: 'reasoning', text: '', redactedData: event.data });
        return;
      case 'citation':
      case 'error':
        return;
    }
  }

  /** The answer so far as a canonical response. */
  response(): ChatResponse {
    return { choices: [{ index: 0, content: this.parts, finishReason: this.finish ?? { unified: 'other' } }], usage: this.usage };
  }
}
