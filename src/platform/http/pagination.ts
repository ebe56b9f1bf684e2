import { z } from 'zod';

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(10),
  starting_after: z.string().max(64).optional(),
});

export type ListQuery = z.infer<typeof listQuery>;

/** Cursor pages, newest first: callers fetch limit+1 rows and we tell whether more exist. */
export function toList<T>(rows: T[], limit: number, url: string) {
  return { object: 'list' as const, url, has_more: rows.length > limit, data: rows.slice(0, limit) };
}
