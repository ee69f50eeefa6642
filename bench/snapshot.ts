import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A clean, buildable copy of one commit of the gateway, for `npm run bench -- --gateway-root=DIR`
 * (before/after numbers for a fix, or a stable build while src/ is being edited). Read-only git:
 * `git archive <ref>` into DIR, node_modules symlinked from this checkout, the commit noted in
 * DIR/.bench-source. Usage: node --import tsx bench/snapshot.ts [ref=HEAD] [dir=/tmp/chuizi-<ref>]
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const ref = process.argv[2] ?? 'HEAD';
const commit = execFileSync('git', ['rev-parse', '--short', ref], { cwd: root, encoding: 'utf8' }).trim();
const dir = resolve(process.argv[3] ?? `/tmp/chuizi-${commit}`);
if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const tar = execFileSync('git', ['archive', '--format=tar', commit], { cwd: root, maxBuffer: 1 << 30 });
execFileSync('tar', ['-x', '-C', dir], { input: tar });
symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
writeFileSync(join(dir, '.bench-source'), `${commit}\n`);
process.stdout.write(`${dir}\n`);
