import { createHash, randomUUID } from 'node:crypto';

import type { Request, Response } from 'express';
import type { Kysely } from 'kysely';

import type { GatewayResult as HandlerResult } from '../gateway/policy.js';
import type { Store } from '../store/index.js';
import { localsOf } from './correlation.js';
import { ProblemError } from './errors.js';

/**
 * Idempotency-Key on POST and PATCH (draft-ietf-httpapi-idempotency-key-header): the first
 * request with a key runs, its response is stored, and a repeat of the same request with that key
 * is answered from the store instead of running again.
 */

/** The header a replayed response carries. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** How long a stored response is replayed when nothing configures it: 24 hours. */
export const DEFAULT_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * How long a claim without a response holds a key: a process that died mid-request frees its
 * keys after this, and a handler running longer than it may run twice.
 */
export const IN_PROGRESS_TTL_MS = 5 * 60 * 1000;

/** How idempotency behaves in this process. */
export interface IdempotencySettings {
  retentionMs: number;
}

/** What identifies one key: the API, the operation, the caller and the key itself. */
export interface IdempotencyScope {
  api: string;
  operation: string;
  /** The client id the gateway resolved, or `anonymous`. */
  caller: string;
  key: string;
}

/** What claiming a key found. */
export type IdempotencyClaim =
  | { kind: 'claimed'; claim: string }
  | { kind: 'replay'; response: HandlerResult }
  | { kind: 'in-progress' }
  | { kind: 'reused' };

interface IdempotencyKeyRow {
  api: string;
  operation: string;
  caller: string;
  key: string;
  claim: string;
  fingerprint: string;
  response: string | null;
  created_at: string;
  // bigint: PostgreSQL returns int8 as a string, SQLite as a number.
  expires_at: number | string;
}

interface IdempotencyDatabase {
  idempotency_keys: IdempotencyKeyRow;
}

function dbOf(store: Store): Kysely<IdempotencyDatabase> {
  return store.db as Kysely<IdempotencyDatabase>;
}

/**
 * The key an `Idempotency-Key` header value carries: a Structured Field string (RFC 8941
 * section 3.3.3) without its quotes and escapes, or a bare value as many clients send it.
 */
export function parseIdempotencyKey(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length < 2 || !trimmed.startsWith('"') || !trimmed.endsWith('"')) return trimmed;
  return trimmed.slice(1, -1).replace(/\\(["\\])/g, '$1');
}

/** A SHA-256 over the method, the path with its query, and the body with its keys sorted. */
export function fingerprintOf(method: string, url: string, body: unknown): string {
  const canonical = body === undefined ? '' : canonicalJson(body);
  return createHash('sha256').update(`${method.toUpperCase()} ${url}\n${canonical}`).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, entry]) => entry !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
}

/**
 * Claims a key with one atomic insert, so of any number of requests racing in any number of
 * processes exactly one gets `claimed`; the others learn whether the key holds a response to
 * replay, is still in progress, or was used for a different request. An expired key is claimed
 * afresh.
 */
export async function claimIdempotencyKey(
  store: Store,
  scope: IdempotencyScope,
  fingerprint: string,
  now: number = Date.now(),
): Promise<IdempotencyClaim> {
  // A claim released between our insert and our read leaves no row; claim again.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const claim = randomUUID();
    if (await insertClaim(store, scope, fingerprint, claim, now)) return { kind: 'claimed', claim };
    const row = await readKey(store, scope);
    if (row === undefined) continue;
    if (row.fingerprint !== fingerprint) return { kind: 'reused' };
    if (row.response === null) return { kind: 'in-progress' };
    return { kind: 'replay', response: JSON.parse(row.response) as HandlerResult };
  }
  return { kind: 'in-progress' };
}

async function insertClaim(
  store: Store,
  scope: IdempotencyScope,
  fingerprint: string,
  claim: string,
  now: number,
): Promise<boolean> {
  const fresh = {
    claim,
    fingerprint,
    response: null,
    created_at: new Date(now).toISOString(),
    expires_at: now + IN_PROGRESS_TTL_MS,
  };
  const row = await dbOf(store)
    .insertInto('idempotency_keys')
    .values({ ...scope, ...fresh })
    .onConflict((conflict) =>
      conflict
        .columns(['api', 'operation', 'caller', 'key'])
        .doUpdateSet(fresh)
        .where('idempotency_keys.expires_at', '<', now),
    )
    .returning('claim')
    .executeTakeFirst();
  return row?.claim === claim;
}

async function readKey(
  store: Store,
  scope: IdempotencyScope,
): Promise<Pick<IdempotencyKeyRow, 'fingerprint' | 'response'> | undefined> {
  return dbOf(store)
    .selectFrom('idempotency_keys')
    .select(['fingerprint', 'response'])
    .where((eb) => eb.and({ ...scope }))
    .executeTakeFirst();
}

/** Stores the response of a claimed key, to be replayed until `retentionMs` from `now`. */
export async function completeIdempotencyKey(
  store: Store,
  scope: IdempotencyScope,
  claim: string,
  response: HandlerResult,
  retentionMs: number,
  now: number = Date.now(),
): Promise<void> {
  await dbOf(store)
    .updateTable('idempotency_keys')
    .set({ response: JSON.stringify(response), expires_at: now + retentionMs })
    .where((eb) => eb.and({ ...scope, claim }))
    .execute();
}

/** Frees a claimed key without a response, so a retry with it runs again. */
export async function releaseIdempotencyKey(
  store: Store,
  scope: IdempotencyScope,
  claim: string,
): Promise<void> {
  await dbOf(store)
    .deleteFrom('idempotency_keys')
    .where((eb) => eb.and({ ...scope, claim }))
    .execute();
}

/** Deletes every key that expired before `now`; returns how many. */
export async function purgeExpiredIdempotencyKeys(
  store: Store,
  now: number = Date.now(),
): Promise<number> {
  const result = await dbOf(store)
    .deleteFrom('idempotency_keys')
    .where('expires_at', '<', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** What the router knows of one operation that declares the Idempotency-Key header. */
export interface IdempotentOperation {
  store: Store;
  api: string;
  operation: string;
  /** The runtime services, read per request: the `idempotency` component sets the retention. */
  services: { idempotency?: IdempotencySettings };
}

/**
 * Runs `execute` at most once per key. Without the header it just runs. With it, a repeat of
 * the same request replays the stored response with `Idempotent-Replayed: true`, a different
 * request with the key is refused 422 and a repeat while the first runs is refused 409. A
 * response of 500 or more, or a throw, frees the key so a retry runs again.
 */
export async function runIdempotently(
  operation: IdempotentOperation,
  req: Request,
  res: Response,
  execute: () => Promise<HandlerResult> | HandlerResult,
): Promise<HandlerResult> {
  const header = req.get('idempotency-key');
  if (header === undefined) return execute();

  const scope: IdempotencyScope = {
    api: operation.api,
    operation: operation.operation,
    caller: localsOf(res).clientId ?? 'anonymous',
    key: parseIdempotencyKey(header),
  };
  const fingerprint = fingerprintOf(req.method, req.originalUrl, req.body);
  const found = await claimIdempotencyKey(operation.store, scope, fingerprint);
  if (found.kind !== 'claimed') return answerRepeat(found, scope.key);

  const retentionMs = operation.services.idempotency?.retentionMs ?? DEFAULT_RETENTION_MS;
  return settle(operation.store, scope, found.claim, retentionMs, execute);
}

async function settle(
  store: Store,
  scope: IdempotencyScope,
  claim: string,
  retentionMs: number,
  execute: () => Promise<HandlerResult> | HandlerResult,
): Promise<HandlerResult> {
  let result: HandlerResult;
  try {
    result = await execute();
  } catch (err) {
    await releaseIdempotencyKey(store, scope, claim);
    throw err;
  }
  if (result.status >= 500) await releaseIdempotencyKey(store, scope, claim);
  else await completeIdempotencyKey(store, scope, claim, result, retentionMs);
  return result;
}

function answerRepeat(
  found: Exclude<IdempotencyClaim, { kind: 'claimed' }>,
  key: string,
): HandlerResult {
  if (found.kind === 'replay') {
    const { response } = found;
    return { ...response, headers: { ...response.headers, [REPLAYED_HEADER]: 'true' } };
  }
  if (found.kind === 'reused') {
    throw new ProblemError(
      'idempotency-key-reused',
      `Idempotency-Key "${key}" was first sent with another method, path or ` +
        'body; send a new key for a new request.',
    );
  }
  throw new ProblemError(
    'idempotency-key-in-progress',
    `Idempotency-Key "${key}" is in use by a request that has not finished; ` +
      "retry after it has, and it is answered with that request's response.",
  );
}

/** True when the operation at `route` declares the Idempotency-Key header in `document`. */
export function declaresIdempotencyKey(
  document: Record<string, unknown>,
  route: { path: string; method: string },
): boolean {
  const paths = document.paths as Record<string, Record<string, { parameters?: unknown[] }>>;
  const parameters = paths[route.path]?.[route.method]?.parameters ?? [];
  return parameters.some((raw) => {
    const parameter = resolveRef(document, raw) as { in?: string; name?: string } | undefined;
    return parameter?.in === 'header' && parameter.name?.toLowerCase() === 'idempotency-key';
  });
}

function resolveRef(document: Record<string, unknown>, value: unknown): unknown {
  const ref = (value as { $ref?: string } | null)?.$ref;
  if (!ref?.startsWith('#/')) return value;
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
}
