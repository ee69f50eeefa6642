import { loadConfig } from '../config/load-config.js';
import { modelView } from '../admin/account-views.js';
import { EXIT_OK, type CliIo } from './cli-io.js';
import { expectPositionals, parseCommandArgs } from './parse-command-args.js';
import { formatTable, printResult } from './print-result.js';
import { commandUsage } from './usage-text.js';

/** `chuizi models`: the models the gateway serves with this environment and config file, priced in USD per 1M tokens with markup. */
export async function modelsCommand(args: string[], io: CliIo): Promise<number> {
  const p = parseCommandArgs(args, {});
  if (p.help) {
    io.out(commandUsage('models'));
    return EXIT_OK;
  }
  expectPositionals(p, []);
  const config = loadConfig({ env: io.env });
  const data: Array<Record<string, any> & { routes: Array<{ provider: string; model: string }> }> = config.models.map((m) => ({ ...modelView(m, 0), routes: m.routes.map((r) => ({ provider: r.providerId, model: r.model })) }));
  const rows = data.map((m) => {
    const pr = m.pricing as Record<string, string>;
    return [String(m.id), (m.aliases as string[]).join(',') || '-', `$${pr.input}`, `$${pr.output}`, m.routes.map((r) => `${r.provider}:${r.model}`).join(' → ')];
  });
  printResult(io, p.json, { data, config: config.source }, formatTable(['MODEL', 'ALIASES', 'INPUT $/1M', 'OUTPUT $/1M', 'ROUTES'], rows) + `(config: ${config.source})\n`);
  return EXIT_OK;
}
