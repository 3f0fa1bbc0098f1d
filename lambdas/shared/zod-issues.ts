import type * as z from 'zod';

/** Where and what the first problem of a failed zod parse is. */
export interface FirstIssue {
  /** Dotted path of the bad value (`aws.siteBucket`, `0.title`), or `root` for the whole input. */
  where: string;
  /** zod's message for it. */
  message: string;
  /** The issue itself (absent only for an error with no issue). */
  issue: z.core.$ZodIssue | undefined;
}

/**
 * The first issue of a zod error, as every "Invalid …: <where>: <message>" error names it.
 *
 * @example
 * firstIssue(z.object({ a: z.number() }).safeParse({ a: 'x' }).error!).where; // 'a'
 */
export function firstIssue(error: z.ZodError, root = '(root)'): FirstIssue {
  const issue = error.issues[0];
  const where = issue !== undefined && issue.path.length > 0 ? issue.path.join('.') : root;
  return { where, message: issue?.message ?? 'invalid', issue };
}

/**
 * `<where>: <message>` of a zod error's first issue.
 *
 * @example
 * firstIssueText(z.object({ a: z.number() }).safeParse({}).error!); // 'a: Invalid input: expected number, received undefined'
 */
export function firstIssueText(error: z.ZodError, root = '(root)'): string {
  const { where, message } = firstIssue(error, root);
  return `${where}: ${message}`;
}
