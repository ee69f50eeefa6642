/** Series colours (distinguishable, colour-blind friendly order), then grey for "other". */
export const PALETTE = ['#2563eb', '#f59e0b', '#10b981', '#8b5cf6', '#ef4444', '#06b6d4', '#ec4899', '#84cc16'];
export const OTHER_COLOR = '#94a3b8';

export function colorAt(i: number): string {
  return PALETTE[i % PALETTE.length];
}
