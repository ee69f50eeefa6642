import type { CliIo } from './cli-io.js';

/** Prints a command's result: one JSON object with --json, else the plain text. */
export function printResult(io: CliIo, json: boolean, value: Record<string, unknown>, plain: string): void {
  io.out(json ? `${JSON.stringify(value)}\n` : plain.endsWith('\n') ? plain : `${plain}\n`);
}

/** A left-aligned text table. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** The line after a table when more rows follow. */
export function nextPageHint(cursor: string | null): string {
  return cursor ? `(more: add --cursor ${cursor})\n` : '';
}
