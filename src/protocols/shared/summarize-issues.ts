import type { z } from 'zod';

/** Short human summary of a zod failure of an upstream body, for log details: `choices.0.message: …`. */
export function summarizeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.map(String).join('.') || '(root)'}: ${first.message}` : 'invalid';
}
