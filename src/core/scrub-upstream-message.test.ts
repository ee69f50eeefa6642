import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scrubUpstreamMessage } from './scrub-upstream-message.js';

describe('scrubUpstreamMessage', () => {
  const cases: Array<[string, string]> = [
    ['rejected by org-internal host 10.1.2.3', 'rejected by [id] host [ip]'],
    ['see https://internal.example.com/docs?x=1 for details', 'see [url] for details'],
    ['backend gpu-7.us-east.corp.internal:8443 refused', 'backend [host] refused'],
    ['Incorrect API key provided: sk-proj-abcdefghijklmnop1234', 'Incorrect API key provided: [redacted]'],
    ['project proj_AbC123xyz has no access', 'project [id] has no access'],
    ['upstream fe80::1ff:fe23:4567:890a timed out', 'upstream [ip] timed out'],
    ['key AIzaSyD-abcdefghijklmnopqrstu and token_abc123def456', 'key [redacted] and [redacted]'],
    ['Authorization: Bearer abc.def.ghi', 'Authorization: Bearer [redacted]'],
    ['connect to localhost:11434 failed', 'connect to [host] failed'],
    ['trace 123e4567-e89b-12d3-a456-426614174000', 'trace [id]'],
  ];
  for (const [input, want] of cases) it(`scrubs ${JSON.stringify(input)}`, () => assert.equal(scrubUpstreamMessage(input), want));

  it('keeps what describes the request: field paths, numbers, model names', () => {
    const msg = "messages.0.content: max_tokens: 200000 > 8192, which is the maximum allowed number of output tokens for claude-3.5-haiku";
    assert.equal(scrubUpstreamMessage(msg), msg);
    const toolUse = 'messages.2.content.0: unexpected `tool_use_id` found in `tool_result` blocks: srvtoolu_issue_17366_invalid.';
    assert.equal(scrubUpstreamMessage(toolUse), toolUse);
    assert.equal(scrubUpstreamMessage('model claude-3-5-sonnet-20241022 does not support images'), 'model claude-3-5-sonnet-20241022 does not support images');
    assert.equal(scrubUpstreamMessage("Invalid value for 'response_format.type': expected json_object"), "Invalid value for 'response_format.type': expected json_object");
  });
});
