import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { GatewayError } from '../core/gateway-error.js';
import { accountsCommand } from './accounts-command.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, processIo, type CliIo } from './cli-io.js';
import { creditsCommand } from './credits-command.js';
import { keysCommand } from './keys-command.js';
import { ledgerCommand } from './ledger-command.js';
import { USAGE } from './usage-text.js';
import { usageCommand } from './usage-command.js';
import { generationsCommand } from './generations-command.js';
import { transactionsCommand } from './transactions-command.js';
import { modelsCommand } from './models-command.js';
import { auditCommand } from './audit-command.js';
import { packageVersion } from '../project-root.js';

type GroupCommand = (sub: string | undefined, args: string[], io: CliIo) => Promise<number>;
type PlainCommand = (args: string[], io: CliIo) => Promise<number>;

/** Commands without subcommands. */
const PLAIN: Record<string, PlainCommand> = {
  usage: usageCommand,
  generations: generationsCommand,
  transactions: transactionsCommand,
  models: modelsCommand,
  audit: auditCommand,
};

const GROUPS: Record<string, GroupCommand> = {
  accounts: accountsCommand,
  credits: creditsCommand,
  keys: keysCommand,
  ledger: ledgerCommand,
};

/**
 * The operator CLI (operator.md §1). Returns the exit code: 0 success, 1 a runtime failure
 * (unknown account or key, ledger problems), 2 a bad command line.
 */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return EXIT_OK;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    io.out(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  if (command === 'serve') return (await import('./serve-command.js')).serveCommand(rest);
  const group = Object.hasOwn(GROUPS, command) ? GROUPS[command] : undefined;
  try {
    if (Object.hasOwn(PLAIN, command)) return await PLAIN[command](rest, io);
    if (!group) throw new UsageError(`unknown command '${command}'`);
    const sub = rest[0] !== undefined && !rest[0].startsWith('-') ? rest[0] : undefined;
    if (sub === undefined && (rest.includes('--help') || rest.includes('-h'))) {
      io.out(USAGE);
      return EXIT_OK;
    }
    return await group(sub, sub === undefined ? rest : rest.slice(1), io);
  } catch (err) {
    return reportError(io, err);
  }
}

function reportError(io: CliIo, err: unknown): number {
  if (err instanceof UsageError) {
    io.err(`chuizi: ${err.message}\nRun 'chuizi help' for usage.\n`);
    return EXIT_USAGE;
  }
  if (err instanceof GatewayError) {
    io.err(`chuizi: ${err.publicMessage}\n`);
    return err.status === 400 || err.status === 413 ? EXIT_USAGE : EXIT_FAILURE;
  }
  io.err(`chuizi: ${err instanceof Error ? err.message : String(err)}\n`);
  return EXIT_FAILURE;
}

// Run when this file is the entry point (`node dist/cli/main.js serve`); bin/chuizi.js imports it instead.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
