import pino, { type DestinationStream, type Logger } from 'pino';
import { ConfigError } from './config/config-error.js';
import { formatPrettyLine } from './format-pretty-line.js';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface LoggerOptions {
  /** LOG_LEVEL; default info. */
  level?: string;
  /** LOG_FORMAT: `json` or `pretty`; default pretty on a terminal, JSON otherwise. */
  format?: string;
  /** Whether stdout is a terminal (the default picks pretty there). */
  isTty?: boolean;
  /** Where lines go (tests); default stdout. */
  destination?: DestinationStream;
}

/**
 * Structured logs: JSON lines (for collectors), or one readable line per event on a terminal
 * (`LOG_FORMAT=pretty`). Never a key, an upstream secret, or prompt/completion text: the code
 * logs ids, counts and reasons only, and these paths are redacted as a second guard. A bad
 * LOG_LEVEL or LOG_FORMAT is a ConfigError with one clear line.
 */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const level = (opts.level ?? 'info').trim().toLowerCase();
  if (!LEVELS.includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${LEVELS.join(', ')}; got '${opts.level}'`);
  const format = (opts.format ?? ((opts.isTty ?? process.stdout.isTTY) ? 'pretty' : 'json')).trim().toLowerCase();
  if (format !== 'json' && format !== 'pretty') throw new ConfigError(`LOG_FORMAT must be json or pretty; got '${opts.format}'`);
  const base = opts.destination ?? pino.destination({ sync: false });
  const destination: DestinationStream = format === 'pretty' ? { write: (line: string) => base.write(formatPrettyLine(line)) } : base;
  return pino(
    {
      level,
      base: { service: 'chuizi' },
      redact: { paths: ['authorization', 'apiKey', 'api_key', 'key', 'headers.authorization', 'headers["x-api-key"]', '*.authorization', '*.apiKey'], censor: '[redacted]' },
    },
    destination,
  );
}
