const TONES: Record<string, string> = {
  active: 'good', healthy: 'good', completed: 'good',
  degraded: 'warn', throttled: 'warn', half_open: 'warn', pending: 'info', cancelled: 'neutral',
  disabled: 'neutral', expired: 'neutral',
  down: 'bad', failed: 'bad', revoked: 'bad',
};

/** A state word in a coloured pill (key state, breaker state, generation status). */
export function Badge({ value }: { value: string }) {
  return <span class={`badge badge-${TONES[value] ?? 'neutral'}`}>{value.replace('_', ' ')}</span>;
}
