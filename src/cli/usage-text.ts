/** The CLI's help text, one entry per command (operator.md §1). */
export const COMMAND_USAGE = {
  serve: 'chuizi serve                                          run the gateway server',
  'accounts create': 'chuizi accounts create --name NAME [--balance USD] [--rpm N]   create an account, print its id',
  'accounts show': 'chuizi accounts show ACCOUNT_ID                        show an account and its balance',
  'credits add': 'chuizi credits add ACCOUNT_ID USD [--note TEXT]       add credit (negative = adjustment), print the balance',
  'keys create':
    'chuizi keys create --account ACCOUNT_ID --name NAME [--rpm N] [--models a,b] [--ip CIDR,…]\n' +
    '                   [--daily-limit USD] [--expires ISO8601]   create an API key, print it once',
  'keys list': 'chuizi keys list --account ACCOUNT_ID                  list an account\'s keys (never the secrets)',
  'keys revoke': 'chuizi keys revoke KEY_ID                              revoke a key',
  'ledger check': 'chuizi ledger check                                   verify balances against the ledger (exit 1 on problems)',
} as const;

export type CommandName = keyof typeof COMMAND_USAGE;

export const USAGE = `Usage: chuizi <command> [options]

Commands:
${Object.values(COMMAND_USAGE).map((line) => `  ${line}`).join('\n')}
  chuizi help                                           show this help

Every command accepts --json (one JSON object on stdout) and --help.
The store is chosen by DATABASE_URL (default sqlite:./data/chuizi.db).
`;

export function commandUsage(name: CommandName): string {
  return `Usage: ${COMMAND_USAGE[name]}\n\nOptions: --json  machine-readable output; --help  this text\n`;
}
