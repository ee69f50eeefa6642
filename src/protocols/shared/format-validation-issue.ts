import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

/**
 * Turns a zod issue of a request body into `{ param, message }` naming the field, for a 400:
 * "'model' is required", "'temperature' must be a number between 0 and 2",
 * "Invalid value for 'messages[2].role': expected one of system, …".
 * The schema's own messages are predicate phrases (see field-schemas.ts). A field that is absent
 * is "required", whatever it should have been (a type, a union, a literal or an enum value); for
 * a union whose input matched one branch's shape but failed deeper, the deeper issue is reported,
 * since it names the exact field.
 */
export function formatValidationIssue(issue: Issue, prefix: readonly PathKey[] = []): { param: string; message: string } {
  const path = [...prefix, ...issue.path];
  const param = formatPath(path);
  const absent = issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'invalid_value');
  if (absent) return { param, message: `'${param}' is required` };
  if (issue.code === 'invalid_union') {
    if (issue.discriminator !== undefined) {
      const input = issue.input;
      const missing = typeof input === 'object' && input !== null && (input as Record<string, unknown>)[issue.discriminator] === undefined;
      if (missing) return { param, message: `'${param}' is required` };
    } else {
      const deeper = issue.errors
        .map((branch) => branch[0])
        .filter((first): first is Issue => first !== undefined && first.path.length > 0)
        .sort((a, b) => b.path.length - a.path.length)[0];
      if (deeper) return formatValidationIssue(deeper, path);
    }
  }
  const tail = issue.code === 'invalid_type' && issue.expected === 'object' ? 'must be an object' : issue.message;
  const message = tail.startsWith('must ') ? `'${param}' ${tail}` : `Invalid value for '${param}': ${tail}`;
  return { param, message };
}

/** `['messages', 2, 'content', 0]` → `messages[2].content[0]` */
function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
