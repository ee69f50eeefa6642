import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readErrorMessage } from './read-error-message.js';

const message = (body: unknown) => ((body as { error?: { message?: unknown } } | null)?.error?.message as string | undefined) ?? undefined;

describe('readErrorMessage', () => {
  it('reads the message with the protocol’s extractor, trimmed', () => {
    assert.equal(readErrorMessage('{"error":{"message":"  Invalid model  "}}', message), 'Invalid model');
  });

  it('gives undefined for a body that is not JSON or has no message', () => {
    for (const body of ['<html>502 Bad Gateway</html>', '', '{"error":', '{"error":{"message":"   "}}', '{"ok":true}', 'null']) {
      assert.equal(readErrorMessage(body, message), undefined, body);
    }
  });

  it('cuts a long message to 1000 characters and marks the cut', () => {
    const out = readErrorMessage(JSON.stringify({ error: { message: 'x'.repeat(5000) } }), message);
    assert.equal(out, `${'x'.repeat(1000)}…`);
    assert.equal(readErrorMessage(JSON.stringify({ error: { message: 'y'.repeat(1000) } }), message), 'y'.repeat(1000));
  });
});
