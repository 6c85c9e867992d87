import type { Response } from 'express';
import type { z } from 'zod';
import { findUnstorableText } from '../core/inbox/unstorable-text.js';
import { HttpError } from './http-errors.js';

/**
 * Parses a body with zod; a failure is a 400 naming the first bad field (and listing all of them). Text Postgres cannot
 * store (a NUL, an unpaired surrogate) is refused first, by its field, before anything is parsed or stored.
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const unstorable = findUnstorableText(body);
  if (unstorable) {
    const problem = { field: unstorable.field, message: unstorable.problem };
    throw new HttpError(400, 'invalid_body', `${problem.field}: ${problem.message}`, { field: problem.field, problems: [problem] });
  }
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message }));
  const first = problems[0]!;
  throw new HttpError(400, 'invalid_body', `${first.field}: ${first.message}`, { field: first.field, problems });
}

/** The answer once an event is stored: 202 for a new one (and the worker is woken), 200 for a repeated delivery. */
export function answerStored(res: Response, stored: { id: string; duplicate: boolean }, onStored: () => void): void {
  if (stored.duplicate) {
    res.status(200).json({ status: 'duplicate', id: stored.id });
    return;
  }
  onStored();
  res.status(202).json({ status: 'accepted', id: stored.id });
}

/** A `test` event: 200 and nothing else. */
export function answerTest(res: Response): void {
  res.status(200).json({ status: 'ok', event: 'test' });
}

/** A well-formed delivery that nothing would act on: 200, nothing stored, and the reason. */
export function answerIgnored(res: Response, reason: string): void {
  res.status(200).json({ status: 'ignored', reason });
}
