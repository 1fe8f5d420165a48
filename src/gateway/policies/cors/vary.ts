import type { ServerResponse } from 'node:http';

/** Adds fields to the response's `Vary` header, keeping what is there and skipping duplicates. */
export function appendVary(res: Pick<ServerResponse, 'getHeader' | 'setHeader'>, fields: string[]) {
  const current = res.getHeader('Vary');
  const existing = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');
  // `Vary: *` already says the response varies on everything.
  if (existing.includes('*')) return;
  const known = new Set(existing.map((field) => field.toLowerCase()));
  const added = fields.filter((field) => !known.has(field.toLowerCase()));
  if (added.length > 0) res.setHeader('Vary', [...existing, ...added].join(', '));
}
