import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readPositiveHeader } from './read-positive-header.js';

describe('readPositiveHeader', () => {
  it('reads a positive decimal, matching the name in any case; the first of repeated values', () => {
    assert.equal(readPositiveHeader({ 'Retry-After': '2' }, 'retry-after'), 2);
    assert.equal(readPositiveHeader({ 'retry-after': ' 1.5 ' }, 'retry-after'), 1.5);
    assert.equal(readPositiveHeader({ 'retry-after': ['3', '9'] }, 'retry-after'), 3);
  });

  it('gives undefined for absent, zero, negative, date and junk values', () => {
    assert.equal(readPositiveHeader(undefined, 'retry-after'), undefined);
    assert.equal(readPositiveHeader({}, 'retry-after'), undefined);
    for (const v of ['0', '-1', 'Wed, 21 Oct 2015 07:28:00 GMT', 'soon', '1e3', '', undefined]) {
      assert.equal(readPositiveHeader({ 'retry-after': v }, 'retry-after'), undefined, String(v));
    }
    assert.equal(readPositiveHeader({ 'retry-after': [] }, 'retry-after'), undefined);
  });
});
