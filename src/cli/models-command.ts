import { loadConfig } from '../config/load-config.js';
import { catalogModels } from '../config/catalog-models.js';
import { modelView } from '../admin/account-views.js';
import { formatPrice } from '../admin/format-price.js';
import type { ModelEntry } from '../config/gateway-config.js';
import { EXIT_OK, type CliIo } from './cli-io.js';
import { expectPositionals, parseCommandArgs } from './parse-command-args.js';
import { formatTable, printResult } from './print-result.js';
import { commandUsage } from './usage-text.js';

const count = (n: number | undefined): string => (n === undefined ? '-' : n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n % 1000 === 0 ? `${n / 1000}k` : String(n));

/**
 * `chuizi models`: the models the gateway serves with this environment and config file, priced
 * in USD per 1M tokens with markup, with their context window, output limit, capabilities and
 * routes. `--all`: every built-in model of the catalog, served here or not (each vendor's are
 * enabled by its API key), priced from the catalog in use (CHUIZI_CATALOG or the packaged one).
 */
export async function modelsCommand(args: string[], io: CliIo): Promise<number> {
  const p = parseCommandArgs(args, { all: { type: 'boolean' } });
  if (p.help) {
    io.out(commandUsage('models'));
    return EXIT_OK;
  }
  expectPositionals(p, []);
  const config = loadConfig({ env: io.env });
  const served = new Set(config.models.map((m) => m.id));
  const enabledBy = new Map<string, string>();
  const entries: ModelEntry[] = [...config.models];
  if (p.values.all) {
    for (const { model, env } of catalogModels(config.markup)) {
      if (served.has(model.id)) continue;
      entries.push(model);
      enabledBy.set(model.id, env);
    }
  }
  const data = entries.map((m) => ({
    ...modelView(m, 0),
    served: served.has(m.id),
    context_window: m.contextWindow ?? null,
    max_output_tokens: m.maxOutputTokens,
    capabilities: m.capabilities,
    quality: m.quality,
    markup: `${m.markup.num}/${m.markup.den}`,
    routes: m.routes.map((r) => ({ provider: r.providerId, model: r.model })),
  }));
  const rows = entries.map((m) => {
    const cacheRead = m.price.cacheRead !== m.price.input ? `$${formatPrice(m.price.cacheRead, m.markup)}` : '-';
    const route = served.has(m.id) ? m.routes.map((r) => `${r.providerId}:${r.model}`).join(' → ') : `(not served: set ${enabledBy.get(m.id)})`;
    return [m.id, `$${formatPrice(m.price.input, m.markup)}`, `$${formatPrice(m.price.output, m.markup)}`, cacheRead, count(m.contextWindow), count(m.maxOutputTokens), m.capabilities.join(',') || '-', route];
  });
  const table = formatTable(['MODEL', 'INPUT $/1M', 'OUTPUT $/1M', 'CACHED $/1M', 'CONTEXT', 'MAX OUT', 'CAPABILITIES', 'ROUTES'], rows);
  printResult(io, p.json, { data, config: config.source }, `${table}(prices include markup; config: ${config.source})\n`);
  return EXIT_OK;
}
