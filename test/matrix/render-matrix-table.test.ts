import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderMatrixTable, replaceMatrixTable, TABLE_END, type MatrixResult, type MatrixResults } from './render-matrix-table.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('README translation-matrix table', () => {
  it('is the table generated from test/matrix/matrix-results.json (run `npm run matrix-table` after the matrix test)', () => {
    const results = JSON.parse(readFileSync(join(ROOT, 'test', 'matrix', 'matrix-results.json'), 'utf8')) as MatrixResults;
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.equal(replaceMatrixTable(readme, renderMatrixTable(results)), readme);
  });

  it('marks what failed, what was not run, warnings and the error a client gets', () => {
    const cell = (scenario: MatrixResult['scenario'], stream: boolean, over: Partial<MatrixResult> = {}): MatrixResult => ({
      client: 'c', upstream: 'u', scenario, stream, status: scenario === 'error' ? 502 : 200, text: scenario === 'text', toolCall: scenario === 'tool', usage: true,
      errorType: scenario === 'error' ? 'upstream_error' : undefined, charged: scenario === 'error' ? '0.00000000' : '0.01275750', generationStatus: 'completed', warnings: '', ...over,
    });
    const table = renderMatrixTable({
      clients: [{ id: 'c', label: 'C (`c-sdk`)', extra: '`x`' }],
      upstreams: [{ id: 'u', label: 'U' }, { id: 'v', label: 'V' }],
      results: [cell('text', false), cell('text', true, { text: false, warnings: "dropped unsupported field 'x'" }), cell('tool', false), cell('tool', true), cell('error', false), cell('error', true)],
    });
    assert.match(table, /\| C \(`c-sdk`\) \| U \| ✓ \/ ✗ \| ✓ \/ ✓ \| ✓ \/ ✓ \| 502 upstream_error \| \$0\.01275750 \| dropped unsupported field 'x' \|/);
    assert.match(table, /\| C \(`c-sdk`\) \| V \| not run \|/);
    assert.ok(table.endsWith(TABLE_END));
  });
});
