import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../core/gateway-error.js';
import { openaiChat } from '../protocols/openai-chat/index.js';
import { anthropicMessages } from '../protocols/anthropic-messages/index.js';
import { FRONT_DOORS, errorRendererFor, protocolForPath } from './front-doors.js';

describe('front doors', () => {
  it('gives each path the protocol of its longest prefix, on a segment boundary', () => {
    assert.equal(protocolForPath('/anthropic/v1/messages'), anthropicMessages);
    assert.equal(protocolForPath('/anthropic'), anthropicMessages);
    assert.equal(protocolForPath('/anthropicx/v1/messages'), openaiChat);
    assert.equal(protocolForPath('/v1/chat/completions'), openaiChat);
    assert.equal(protocolForPath('/health'), openaiChat);
    for (const door of FRONT_DOORS) assert.equal(protocolForPath(`${door.prefix}/anything`), door.protocol, door.prefix);
  });

  it("renders a path's errors in its protocol's envelope", () => {
    const err = new GatewayError('invalid_api_key', 'Invalid API key');
    assert.deepEqual(errorRendererFor('/anthropic/v1/messages')(err), anthropicMessages.renderError(err));
    assert.deepEqual(errorRendererFor('/v1/models')(err), openaiChat.renderError(err));
  });
});
