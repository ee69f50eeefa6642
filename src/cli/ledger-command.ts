import { readFile } from 'node:fs/promises';
import { formatMoney } from '../core/money.js';
import type { SettleInput } from '../store/types.js';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from './cli-io.js';
import { expectPositionals, parseCommandArgs } from './parse-command-args.js';
import { printResult } from './print-result.js';
import { commandUsage } from './usage-text.js';
import { withStore } from './with-store.js';

/**
 * `chuizi ledger check [--open-holds]`: exit 0 when every balance equals its ledger and no hold
 * is orphaned, else 1. Holds whose lease lapsed (their process stopped renewing them and no reaper
 * has released them yet) are always problems; with `--open-holds` (no server running, so no call
 * can be in flight) every open hold is, each shown with its owner (host:pid:random of the
 * process that took it) and lease.
 */
export async function ledgerCommand(sub: string | undefined, args: string[], io: CliIo): Promise<number> {
  if (sub === 'redo') return redoCommand(args, io);
  if (sub !== 'check') throw new UsageError(sub === undefined ? "'ledger' needs a subcommand: check, redo" : `unknown command 'ledger ${sub}'`);
  const p = parseCommandArgs(args, { 'open-holds': { type: 'boolean' } });
  if (p.help) {
    io.out(commandUsage('ledger check'));
    return EXIT_OK;
  }
  expectPositionals(p, []);
  const problems = await withStore(io, (store) => store.ledger.check(Date.now(), { openHolds: p.values['open-holds'] === true }));
  const list = problems.map((x) => ({ account_id: x.accountId, ...(x.holdId !== undefined ? { hold_id: x.holdId } : {}), problem: x.problem }));
  const plain = problems.length === 0
    ? 'ledger OK: no problems found'
    : [`ledger check found ${problems.length} problem(s):`, ...list.map((x) => `  account ${x.account_id ?? '-'}${x.hold_id ? ` hold ${x.hold_id}` : ''}: ${x.problem}`)].join('\n');
  printResult(io, p.json, { ok: problems.length === 0, problems: list }, plain);
  return problems.length === 0 ? EXIT_OK : EXIT_FAILURE;
}

/**
 * `chuizi ledger redo LOG_FILE`: the gateway logs a settlement it could not write (error level,
 * with a `settlement` field: hold id, charge, generation record). This writes each one found in
 * the log — through the same idempotent settle, so a hold already settled or released is left
 * alone and reported. Exit 1 when any could not be written.
 */
async function redoCommand(args: string[], io: CliIo): Promise<number> {
  const p = parseCommandArgs(args, {});
  if (p.help) {
    io.out(commandUsage('ledger redo'));
    return EXIT_OK;
  }
  const [file] = expectPositionals(p, ['LOG_FILE']);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const found = new Map<string, SettleInput>();
  for (const line of text.split('\n')) {
    if (!line.includes('"settlement"')) continue;
    try {
      const s = (JSON.parse(line) as { settlement?: SettleInput }).settlement;
      if (s && typeof s.holdId === 'string' && s.generation) found.set(s.holdId, s);
    } catch {
      /* not a JSON log line */
    }
  }
  const results = await withStore(io, async (store) => {
    const out: Array<{ hold_id: string; charge: string; result: string }> = [];
    for (const s of found.values()) {
      let result: string;
      try {
        result = (await store.ledger.settle(s)) ? 'written' : 'not open (already settled or released)';
      } catch (err) {
        result = `failed: ${(err as Error).message}`;
      }
      out.push({ hold_id: s.holdId, charge: formatMoney(s.charge), result });
    }
    return out;
  });
  const failed = results.filter((r) => r.result.startsWith('failed')).length;
  const plain = results.length === 0 ? `no settlement found in ${file}` : results.map((r) => `hold ${r.hold_id} charge ${r.charge}: ${r.result}`).join('\n');
  printResult(io, p.json, { ok: failed === 0, settlements: results }, plain);
  return failed === 0 ? EXIT_OK : EXIT_FAILURE;
}
