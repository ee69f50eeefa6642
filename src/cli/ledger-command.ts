import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from './cli-io.js';
import { expectPositionals, parseCommandArgs } from './parse-command-args.js';
import { printResult } from './print-result.js';
import { commandUsage } from './usage-text.js';
import { withStore } from './with-store.js';

/**
 * `chuizi ledger check [--open-holds]`: exit 0 when every balance equals its ledger and no hold
 * is orphaned, else 1. Holds past their expiry are always problems; with `--open-holds` (no server
 * running, so no call can be in flight) every open hold is.
 */
export async function ledgerCommand(sub: string | undefined, args: string[], io: CliIo): Promise<number> {
  if (sub !== 'check') throw new UsageError(sub === undefined ? "'ledger' needs a subcommand: check" : `unknown command 'ledger ${sub}'`);
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
