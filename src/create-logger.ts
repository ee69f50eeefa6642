import pino, { type Logger } from 'pino';

/**
 * Structured JSON logs. Never a key, an upstream secret, or prompt/completion text: the
 * code logs ids, counts and reasons only, and these paths are redacted as a second guard.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      base: { service: 'chuizi' },
      redact: { paths: ['authorization', 'apiKey', 'api_key', 'key', 'headers.authorization', 'headers["x-api-key"]', '*.authorization', '*.apiKey'], censor: '[redacted]' },
    },
    pino.destination({ sync: false }),
  );
}
