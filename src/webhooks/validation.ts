import type { z } from 'zod';
import { HttpError } from './http-errors.js';

/** Parses a body with zod; a failure is a 400 naming the first bad field (and listing all of them). */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message }));
  const first = problems[0]!;
  throw new HttpError(400, 'invalid_body', `${first.field}: ${first.message}`, { field: first.field, problems });
}
