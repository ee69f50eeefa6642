const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const SKIP = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service']);

/**
 * One pino JSON line as one human line: `12:00:01.234 WARN  request refused status=403
 * reason=daily_limit_exceeded requestId=…`. Values that are not plain are printed as JSON.
 * A line that is not JSON passes through unchanged.
 */
export function formatPrettyLine(line: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof rec.time === 'number' ? new Date(rec.time).toISOString().slice(11, 23) : '';
  const level = LEVEL_NAMES[rec.level as number] ?? String(rec.level);
  const fields = Object.entries(rec)
    .filter(([k, v]) => !SKIP.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' && /^[^\s"=]*$/.test(v) && v !== '' ? v : JSON.stringify(v)}`);
  return `${time} ${level} ${String(rec.msg ?? '')}${fields.length ? ` ${fields.join(' ')}` : ''}\n`;
}
