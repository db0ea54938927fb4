import type { Request, Response } from 'express';
import type { z } from 'zod';
import { sendError } from '../http/error-response';

/** The body as `schema` reads it, or undefined after answering 400 `invalid-body` naming each problem. */
export function parsed<T>(schema: z.ZodType<T>, req: Request, res: Response): T | undefined {
  const result = schema.safeParse(req.body);
  if (result.success) return result.data;
  const message = result.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
  sendError(req, res, { code: 'BAD_REQUEST', message: message.join('; '), reason: 'invalid-body' });
  return undefined;
}
