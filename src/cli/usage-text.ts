/** The CLI's help text: each command's synopsis and what it does (operator.md §1). */
export const COMMANDS = {
  serve: ['chuizi serve', 'run the gateway server'],
  'accounts create': ['chuizi accounts create --name NAME [--balance USD] [--rpm N] [--model-rpm N]', 'create an account; prints its id'],
  'accounts show': ['chuizi accounts show ACCOUNT_ID', 'show an account with its balance'],
  'credits add': ['chuizi credits add ACCOUNT_ID USD [--note TEXT]', 'add credit (negative = adjustment); prints the new balance'],
  'keys create': [
    'chuizi keys create --account ACCOUNT_ID --name NAME [--rpm N] [--max-concurrent N] [--models a,b]\n    [--ip CIDR,…] [--daily-limit USD] [--expires ISO8601]',
    'create an API key; prints it, the only time it is shown',
  ],
  'keys list': ['chuizi keys list --account ACCOUNT_ID', "list an account's keys (never the keys themselves)"],
  'keys revoke': ['chuizi keys revoke KEY_ID', 'revoke a key'],
  'ledger check': ['chuizi ledger check [--open-holds]', 'check every balance against its ledger and report expired holds (--open-holds: every open hold, for when no server runs); exit 1 on problems'],
  'ledger redo': ['chuizi ledger redo LOG_FILE', "write the settlements a gateway log says it could not write (lines with a 'settlement'); each at most once"],
  help: ['chuizi help', 'show this help'],
} as const satisfies Record<string, readonly [string, string]>;

export type CommandName = keyof typeof COMMANDS;

export const USAGE = `Usage: chuizi <command> [options]

Commands:
${Object.values(COMMANDS).map(([synopsis, summary]) => `  ${synopsis}\n      ${summary}`).join('\n')}

Every command also accepts --json (one JSON object on stdout) and --help.
The store is the server's, chosen by DATABASE_URL (default sqlite:./data/chuizi.db).
`;

export function commandUsage(name: CommandName): string {
  const [synopsis, summary] = COMMANDS[name];
  return `Usage: ${synopsis}\n\n${summary}\n\nOptions:\n  --json   machine-readable output (one JSON object)\n  --help   show this help\n`;
}
