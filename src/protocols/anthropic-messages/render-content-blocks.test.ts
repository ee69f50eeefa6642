import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collapseText, renderBlock, toolId, toolInput } from './render-content-blocks.js';

const user = (part: Parameters<typeof renderBlock>[0]) => {
  const warnings: string[] = [];
  return { block: renderBlock(part, 'user', 'messages[0]', warnings), warnings };
};

describe('renderBlock', () => {
  it('renders files as documents or images by media type', () => {
    assert.deepEqual(user({ type: 'file', data: 'JVBERi0x', mediaType: 'application/pdf', filename: 'a.pdf' }).block, {
      type: 'document',
      source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' },
      title: 'a.pdf',
    });
    assert.deepEqual(user({ type: 'file', data: Buffer.from('# md').toString('base64'), mediaType: 'text/markdown' }).block, {
      type: 'document',
      source: { type: 'text', media_type: 'text/plain', data: '# md' },
    });
    assert.deepEqual(user({ type: 'file', data: 'iVBORw0KGgo=', mediaType: 'image/png' }).block, {
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' },
    });
    assert.deepEqual(user({ type: 'file', data: 'AAAA', mediaType: 'audio/wav' }).warnings, [`dropped unsupported content part 'file' (audio/wav) in messages[0]`]);
  });

  it('sniffs the type of an image without one, and drops an image it cannot place', () => {
    assert.deepEqual(user({ type: 'image', data: '/9j/4AAQ' }).block, { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } });
    assert.deepEqual(user({ type: 'image', data: 'AAAA' }), { block: undefined, warnings: [`dropped unsupported content part 'image' in messages[0]`] });
  });

  it('keeps cache_control and ttl', () => {
    assert.deepEqual(user({ type: 'text', text: 'x', cacheControl: { type: 'ephemeral', ttl: '1h' } }).block, { type: 'text', text: 'x', cache_control: { type: 'ephemeral', ttl: '1h' } });
  });
});

describe('helpers', () => {
  it('toolId, toolInput, collapseText', () => {
    assert.equal(toolId('functions.get_weather:0'), 'functions_get_weather_0');
    assert.equal(toolId('toolu_01AbC-x'), 'toolu_01AbC-x');
    assert.deepEqual(toolInput(' '), {});
    assert.deepEqual(toolInput('{"a":[1]}'), { a: [1] });
    assert.equal(toolInput('[1]'), undefined);
    assert.equal(toolInput('{"a":'), undefined);
    assert.equal(collapseText([{ type: 'text', text: 'x' }]), 'x');
    assert.deepEqual(collapseText([{ type: 'text', text: 'x', cache_control: { type: 'ephemeral' } }]), [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral' } }]);
  });
});
