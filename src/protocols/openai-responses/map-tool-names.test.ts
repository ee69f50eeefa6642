import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { customArguments, customInput, mapToolNames, upstreamToolName } from './map-tool-names.js';

describe('openai-responses map-tool-names', () => {
  it('flattens namespaces into names every upstream accepts', () => {
    assert.equal(upstreamToolName('search', 'mcp__docs__'), 'mcp__docs__search');
    assert.equal(upstreamToolName('search', 'mcp__docs'), 'mcp__docs__search');
    assert.equal(upstreamToolName('js', 'mcp.node repl'), 'mcp_node_repl__js');
    assert.equal(upstreamToolName('plain'), 'plain');
  });

  it('maps function, custom and namespaced tools both ways and sets hosted ones apart', () => {
    const { definitions, names, hosted } = mapToolNames([
      { type: 'function', name: 'shell', parameters: { type: 'object' }, strict: false },
      { type: 'custom', name: 'apply_patch', description: 'Edit files.', format: { type: 'grammar', syntax: 'lark', definition: 'start: x' } },
      { type: 'namespace', name: 'mcp__docs__', tools: [{ type: 'function', name: 'search' }, { type: 'custom', name: 'raw' }] },
      { type: 'web_search', external_web_access: false },
      { type: 'file_search' },
    ]);
    assert.deepEqual(definitions.map((d) => d.name), ['shell', 'apply_patch', 'mcp__docs__search', 'mcp__docs__raw']);
    assert.deepEqual(definitions[0], { name: 'shell', parameters: { type: 'object' }, strict: false });
    assert.match(definitions[1].description ?? '', /^Edit files\.\n\n.*'input' argument.*\n\nThe text must follow this lark grammar:\nstart: x$/s);
    assert.deepEqual(definitions[1].parameters, { type: 'object', properties: { input: { type: 'string', description: 'The freeform input of the tool.' } }, required: ['input'], additionalProperties: false });
    assert.deepEqual([...names], [
      ['shell', { name: 'shell', kind: 'function' }],
      ['apply_patch', { name: 'apply_patch', kind: 'custom' }],
      ['mcp__docs__search', { name: 'search', namespace: 'mcp__docs__', kind: 'function' }],
      ['mcp__docs__raw', { name: 'raw', namespace: 'mcp__docs__', kind: 'custom' }],
    ]);
    assert.deepEqual(hosted, ['web_search', 'file_search']);
  });

  it('carries a freeform input as one JSON argument and reads it back, whatever the model sent', () => {
    const patch = '*** Begin Patch\n"quoted"\n';
    assert.equal(customInput(customArguments(patch)), patch);
    assert.equal(customInput('"a json string"'), 'a json string');
    assert.equal(customInput('*** not json'), '*** not json');
    assert.equal(customInput('{"other":1}'), '{"other":1}');
  });
});
