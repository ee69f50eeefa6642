/** The CLI's help text: each command's synopsis and what it does (operator.md §1). */
export const COMMANDS = {
  serve: ['chuizi serve', 'run the gateway server'],
  'accounts create': ['chuizi accounts create --name NAME [--balance USD] [--rpm N] [--model-rpm N]', 'create an account; prints its id'],
  'accounts list': ['chuizi accounts list [--search TEXT] [--limit N] [--cursor C]', 'list accounts, newest first; --search matches an id or part of a name'],
  'accounts show': ['chuizi accounts show ACCOUNT_ID', 'show an account with its balance'],
  'accounts update': ['chuizi accounts update ACCOUNT_ID [--name NAME] [--rpm N|none] [--model-rpm N|none]', "change an account's name or rate limits"],
  'credits add': [
    'chuizi credits add ACCOUNT_ID USD [--note TEXT] [--force]',
    'add credit (negative = adjustment; refused below a zero balance unless --force); prints the new balance',
  ],
  'keys create': [
    'chuizi keys create --account ACCOUNT_ID --name NAME [--rpm N] [--max-concurrent N] [--models a,b]\n    [--ip CIDR,…] [--daily-limit USD] [--expires ISO8601]',
    'create an API key; prints it on stdout, the only time it is shown (its id on stderr)',
  ],
  'keys list': ['chuizi keys list [--account ACCOUNT_ID] [--limit N] [--cursor C]', 'list keys with state, expiry and limits (never the keys themselves); all accounts without --account'],
  'keys show': ['chuizi keys show KEY_ID', 'show one key (never the key itself)'],
  'keys update': [
    'chuizi keys update KEY_ID [--name NAME] [--rpm N] [--max-concurrent N] [--models a,b] [--ip CIDR,…]\n    [--daily-limit USD] [--expires ISO8601]',
    "change a key's limits (each flag also takes 'none' to clear it)",
  ],
  'keys disable': ['chuizi keys disable KEY_ID', 'turn a key off (it answers 401) without revoking it'],
  'keys enable': ['chuizi keys enable KEY_ID', 'turn a disabled key back on'],
  'keys revoke': ['chuizi keys revoke KEY_ID', 'revoke a key, for good'],
  usage: ['chuizi usage [--account ACCOUNT_ID] [--key KEY_ID] [--from DATE] [--to DATE] [--group-by day,model,key]', 'requests, tokens and cost of settled calls'],
  generations: ['chuizi generations [--account ACCOUNT_ID] [--key KEY_ID] [--model MODEL] [--status completed|failed|cancelled] [--from DATE] [--to DATE] [--limit N] [--cursor C]', 'generation records, newest first'],
  transactions: ['chuizi transactions ACCOUNT_ID [--limit N] [--cursor C]', "an account's ledger entries, newest first"],
  models: ['chuizi models [--all]', 'the models this environment and config file serve: prices in USD per 1M tokens with markup, context window, output limit, capabilities, routes; --all adds every built-in catalog model not enabled here'],
  audit: ['chuizi audit [--target ID] [--limit N] [--cursor C]', 'operator actions (admin API and CLI), newest first'],
  'ledger check': ['chuizi ledger check [--open-holds]', 'check every balance against its ledger and report holds whose lease lapsed (--open-holds: every open hold with its owner and lease, for when no server runs); exit 1 on problems'],
  'ledger redo': ['chuizi ledger redo LOG_FILE', "write the settlements a gateway log says it could not write (lines with a 'settlement'); each at most once"],
  help: ['chuizi help', 'show this help'],
  version: ['chuizi --version', 'print the version'],
} as const satisfies Record<string, readonly [string, string]>;

export type CommandName = keyof typeof COMMANDS;

export const USAGE = `Usage: chuizi <command> [options]

Commands:
${Object.values(COMMANDS).map(([synopsis, summary]) => `  ${synopsis}\n      ${summary}`).join('\n')}

Every command also accepts --json (one JSON object on stdout) and --help.
The store is the server's, chosen by DATABASE_URL (default sqlite:<project>/data/chuizi.db).
Inside the project run it as 'npx chuizi …' (after 'npm install').
`;

export function commandUsage(name: CommandName): string {
  const [synopsis, summary] = COMMANDS[name];
  return `Usage: ${synopsis}\n\n${summary}\n\nOptions:\n  --json   machine-readable output (one JSON object)\n  --help   show this help\n`;
}
