import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { summarizeIssues } from './summarize-issues.js';

describe('summarizeIssues', () => {
  it('gives the first issue as path: message, (root) for the body itself', () => {
    const schema = z.object({ choices: z.array(z.object({ message: z.object({}) })) });
    const nested = schema.safeParse({ choices: [{}] });
    assert.match(summarizeIssues((nested as { error: z.ZodError }).error), /^choices\.0\.message: /);
    const root = schema.safeParse('oops');
    assert.match(summarizeIssues((root as { error: z.ZodError }).error), /^\(root\): /);
    assert.equal(summarizeIssues(new z.ZodError([])), 'invalid');
  });
});
