import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isHttpOrDataUrl, parseDataUrl, toDataUrl } from './data-url.js';

describe('data URLs', () => {
  it('parses base64 data URLs and builds them back', () => {
    assert.deepEqual(parseDataUrl('data:image/png;base64,iVBO'), { mediaType: 'image/png', data: 'iVBO' });
    assert.deepEqual(parseDataUrl('data:application/pdf;name=a.pdf;base64,JVB='), { mediaType: 'application/pdf', data: 'JVB=' });
    assert.equal(toDataUrl('image/png', 'iVBO'), 'data:image/png;base64,iVBO');
  });

  it('rejects what is not a base64 data URL or an http(s) URL', () => {
    assert.equal(parseDataUrl('data:text/plain,hello'), undefined);
    assert.equal(parseDataUrl('https://x/y.png'), undefined);
    assert.equal(isHttpOrDataUrl('https://x/y.png'), true);
    assert.equal(isHttpOrDataUrl('file:///etc/passwd'), false);
    assert.equal(isHttpOrDataUrl('http://'), false);
  });
});
