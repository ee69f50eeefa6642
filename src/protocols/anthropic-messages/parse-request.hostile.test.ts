import { describeHostileBodies } from '../shared/test-describe-hostile-bodies.js';
import { HOSTILE } from './test-hostile-cases.js';
import { FUZZ_JUNK } from '../shared/test-fuzz-request-parser.js';
import { parseRequest } from './parse-request.js';

/* Hostile request bodies (test-hostile-cases.ts): each must fail with a validation_error naming the field, never a TypeError. */

/** A valid body whose nodes the fuzz test replaces with junk, one per round. */
const TEMPLATE = {
  model: 'm',
  max_tokens: 100,
  system: [{ type: 'text', text: 's', cache_control: { type: 'ephemeral' } }],
  messages: [
    { role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } }] },
    { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 's' }, { type: 'tool_use', id: 'c', name: 'f', input: { a: 1 } }] },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c', content: [{ type: 'text', text: 'r' }], is_error: false }] },
  ],
  tools: [{ name: 'f', input_schema: { type: 'object' } }, { type: 'web_search_20250305', name: 'web_search' }],
  tool_choice: { type: 'auto', disable_parallel_tool_use: true },
  thinking: { type: 'enabled', budget_tokens: 2048 },
  metadata: { user_id: 'u' },
  stop_sequences: ['a'],
};

describeHostileBodies(parseRequest, HOSTILE, { template: TEMPLATE, rounds: 600, seed: 7, maxDepth: 7, junk: [...FUZZ_JUNK, { type: 'text' }] });
