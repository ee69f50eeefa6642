import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderMatrixTable, replaceMatrixTable, type MatrixResults } from '../test/matrix/render-matrix-table.js';

// `npm run matrix-table`: regenerates the README's translation-matrix table from the results the
// matrix test (test/matrix/matrix.test.ts) last wrote. The table is never edited by hand; a test
// (test/matrix/render-matrix-table.test.ts) fails when the README and the results disagree.
const root = resolve(import.meta.dirname, '..');
const results = JSON.parse(readFileSync(join(root, 'test', 'matrix', 'matrix-results.json'), 'utf8')) as MatrixResults;
const readmePath = join(root, 'README.md');
const before = readFileSync(readmePath, 'utf8');
const after = replaceMatrixTable(before, renderMatrixTable(results));
writeFileSync(readmePath, after);
process.stdout.write(after === before ? 'README matrix table already up to date\n' : `README matrix table regenerated (${results.results.length} cells)\n`);
