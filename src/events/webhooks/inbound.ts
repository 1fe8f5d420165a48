import express from 'express';
import type { Express, Request, Response } from 'express';

import type { InboundWebhookSourceConfig } from '../../config/file.js';
import { localsOf } from '../../runtime/correlation.js';
import { ProblemError } from '../../runtime/errors.js';
import type { ErrorCode } from '../../runtime/errors.js';
import type { Store } from '../../store/index.js';
import type { CloudEvent } from '../envelope.js';
import {
  parseBillingCallout,
  prepareBillingCallout,
  type BillingCalloutOptions,
} from './billing-callout.js';
import { webhooksDb } from './schema.js';
import { verifyWebhook, type VerificationFailure } from './signature.js';

/** How far a webhook's timestamp may be from the clock, either way, in seconds. */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;

/** How long accepted ids are remembered: far longer than the tolerance, so a replay is seen. */
export const SEEN_RETENTION_MS = 24 * 3_600_000;

/** The longest `webhook-id` accepted: it becomes the `causationid` of the events it causes. */
export const MAX_WEBHOOK_ID_LENGTH = 128;

/** The path inbound webhooks are POSTed to, with the source's name. */
export const INBOUND_PATH = '/webhooks/inbound/:source';

/** An inbound source ready to receive: its configuration and its secret, if the env has it. */
export interface InboundSource extends InboundWebhookSourceConfig {
  name: string;
  secret: string | undefined;
}

/** What the inbound route needs. */
export interface InboundOptions {
  store: Store;
  sources: ReadonlyMap<string, InboundSource>;
  /** The billing system, and whether F6 takes journal runs. */
  billing: BillingCalloutOptions;
  /** The largest body accepted, in bytes. */
  bodyLimitBytes: number;
}

const FAILURE_CODES: Record<VerificationFailure['reason'], ErrorCode> = {
  'missing-headers': 'invalid-signature',
  'bad-signature': 'invalid-signature',
  'stale-timestamp': 'stale-timestamp',
};

/**
 * Mounts `POST /webhooks/inbound/:source`. The body is read as raw bytes, before any JSON
 * parser, because the signature covers the exact bytes sent. A callout is accepted only when it
 * is signed with the source's secret, recent, and not seen before; then it becomes canonical
 * records and events, or work queued for a flow, in one transaction with the record of its id.
 * Any failure stores nothing.
 */
export function mountInboundWebhooks(app: Express, options: InboundOptions): void {
  const raw = express.raw({ type: () => true, limit: options.bodyLimitBytes });
  app.post(INBOUND_PATH, raw, async (req: Request, res: Response) => {
    const source = options.sources.get(String(req.params.source));
    if (!source) throw unknownSource(String(req.params.source));
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const webhookId = authenticate(source, req, body);
    if (await alreadySeen(options.store, source.name, webhookId)) throw replayed(webhookId);

    const { correlationId, log } = localsOf(res);
    const callout = parseBillingCallout(parseJson(body));
    const work = await prepareBillingCallout(options.store, callout, {
      ...options.billing,
      source: source.name,
      correlationId,
      webhookId,
    });
    const events = await options.store.transaction(async (tx) => {
      if (!(await markSeen(tx, source.name, webhookId))) throw replayed(webhookId);
      return work(tx);
    });
    log.info({ source: source.name, webhookId, events: events.map(eventIds) }, 'webhook received');
    res.status(200).json({ id: webhookId, events: events.map(eventIds) });
    void forgetOldIds(options.store).catch((err: unknown) =>
      log.warn({ err }, 'forgetting old inbound webhook ids failed'),
    );
  });
}

function authenticate(source: InboundSource, req: Request, body: Buffer): string {
  if (source.secret === undefined) {
    throw new ProblemError(
      'unavailable',
      `Inbound source '${source.name}' has no secret: set ${source.secretEnv} on the server.`,
    );
  }
  const failure = verifyWebhook(source.secret, req.headers, body, {
    nowSeconds: Math.floor(Date.now() / 1000),
    toleranceSeconds: TIMESTAMP_TOLERANCE_SECONDS,
  });
  if (failure) throw new ProblemError(FAILURE_CODES[failure.reason], failure.detail);
  const webhookId = String(req.headers['webhook-id']);
  if (webhookId.length > MAX_WEBHOOK_ID_LENGTH) throw webhookIdTooLong(webhookId);
  return webhookId;
}

async function alreadySeen(store: Store, source: string, webhookId: string): Promise<boolean> {
  const row = await webhooksDb(store)
    .selectFrom('webhook_inbound_seen')
    .select('webhook_id')
    .where('source', '=', source)
    .where('webhook_id', '=', webhookId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Records the id as accepted; false when another request recorded it first. */
async function markSeen(tx: Store, source: string, webhookId: string): Promise<boolean> {
  const inserted = await webhooksDb(tx)
    .insertInto('webhook_inbound_seen')
    .values({ source, webhook_id: webhookId, seen_at: Date.now() })
    .onConflict((conflict) => conflict.columns(['source', 'webhook_id']).doNothing())
    .returning('webhook_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

async function forgetOldIds(store: Store): Promise<void> {
  await webhooksDb(store)
    .deleteFrom('webhook_inbound_seen')
    .where('seen_at', '<', Date.now() - SEEN_RETENTION_MS)
    .execute();
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ProblemError(
      'malformed-json',
      'The callout body could not be parsed as JSON; send a well-formed JSON document.',
      [],
      { cause: err },
    );
  }
}

function eventIds(event: CloudEvent): string {
  return event.id;
}

function unknownSource(name: string): ProblemError {
  return new ProblemError(
    'webhook-source-unknown',
    `No inbound webhook source is named '${name}'; configure it under webhooks.inbound in junction.config.yaml.`,
  );
}

function webhookIdTooLong(webhookId: string): ProblemError {
  const message = `expected at most ${MAX_WEBHOOK_ID_LENGTH} characters, got ${webhookId.length}`;
  return new ProblemError(
    'validation-failed',
    `The webhook-id is too long: ${message}; send each callout with a shorter unique id.`,
    [{ in: 'header', pointer: '/webhook-id', message }],
  );
}

function replayed(webhookId: string): ProblemError {
  return new ProblemError(
    'webhook-replayed',
    `A webhook with id '${webhookId}' was already received from this source; send each callout with a new id.`,
  );
}
