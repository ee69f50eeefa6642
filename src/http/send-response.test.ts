import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatWarnings } from './send-response.js';

describe('formatWarnings', () => {
  it('joins distinct warnings in order, as printable ASCII', () => {
    assert.equal(formatWarnings(['a', 'b', 'a', 'ü c']), 'a; b; ? c');
  });

  it('keeps the header bounded however long the history that caused them', () => {
    const many = Array.from({ length: 500 }, (_, i) => `dropped unsupported field 'encrypted_content' of a content block in messages[${i}]`);
    const header = formatWarnings(many);
    assert.ok(header.length < 2100, `${header.length} characters`);
    const shown = header.split('; ').length - 1;
    assert.match(header, new RegExp(`; \\.\\.\\. and ${500 - shown} more$`));
  });
});
