import { CANONICAL_EVENT_NAMES, eventTypeOf } from '../../../events/canonical-event-types.js';
import {
  getDelivery,
  listDeliveries,
  replayDelivery,
} from '../../../events/webhooks/delivery-log.js';
import * as repository from '../../../events/webhooks/webhooks.js';
import type { SigningWebhook } from '../../../events/webhooks/webhooks.js';
import type { FieldError } from '../../../runtime/errors.js';
import type { ApiContext } from '../../context.js';
import { conflict, DEFAULT_LIMIT, invalid, notFound, pageBody } from './responses.js';
import type { PlatformHandlers } from './schemas.js';

/** Every event type a webhook may subscribe to: the CloudEvents types of the canonical events. */
export const WEBHOOK_EVENT_TYPES: ReadonlySet<string> = new Set(
  CANONICAL_EVENT_NAMES.map((name) => eventTypeOf(name)),
);

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** GET /webhooks */
export const listWebhooks: PlatformHandlers['listWebhooks'] = async ({ query }, context) => {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const page = await repository.listWebhooks(context.store, { limit, cursor: query.cursor });
  return { status: 200, body: pageBody(page.items, limit, page.nextCursor) };
};

/** POST /webhooks: the one answer, beside a rotation, that carries the signing secret. */
export const createWebhook: PlatformHandlers['createWebhook'] = async ({ body }, context) => {
  const errors = [...urlErrors(body.url), ...eventTypeErrors(body.eventTypes)];
  if (errors.length > 0) return invalidWebhook(context, errors);

  const webhook = await repository.createWebhook(context.store, body);
  context.log.info({ webhookId: webhook.id, url: webhook.url }, 'webhook created');
  return {
    status: 201,
    headers: { Location: `${context.baseUrl}/webhooks/${webhook.id}` },
    body: issued(webhook),
  };
};

/** GET /webhooks/{webhookId}: never the secret. */
export const getWebhook: PlatformHandlers['getWebhook'] = async ({ params }, context) => {
  const webhook = await repository.getWebhook(context.store, params.webhookId);
  if (!webhook) return webhookNotFound(context, params.webhookId);
  return { status: 200, body: withoutSecret(webhook) };
};

/** PATCH /webhooks/{webhookId}: a JSON merge patch (RFC 7396). */
export const updateWebhook: PlatformHandlers['updateWebhook'] = async (
  { params, body },
  context,
) => {
  const errors = [
    ...(body.url === undefined ? [] : urlErrors(body.url)),
    ...(body.eventTypes === undefined ? [] : eventTypeErrors(body.eventTypes)),
  ];
  if (errors.length > 0) return invalidWebhook(context, errors);

  const webhook = await repository.updateWebhook(context.store, params.webhookId, body);
  if (!webhook) return webhookNotFound(context, params.webhookId);
  context.log.info({ webhookId: webhook.id, enabled: webhook.enabled }, 'webhook updated');
  return { status: 200, body: webhook };
};

/** DELETE /webhooks/{webhookId}: with its deliveries and their log. */
export const deleteWebhook: PlatformHandlers['deleteWebhook'] = async ({ params }, context) => {
  if (!(await repository.deleteWebhook(context.store, params.webhookId))) {
    return webhookNotFound(context, params.webhookId);
  }
  context.log.info({ webhookId: params.webhookId }, 'webhook deleted');
  return { status: 204 };
};

/** POST /webhooks/{webhookId}/rotate-secret */
export const rotateWebhookSecret: PlatformHandlers['rotateWebhookSecret'] = async (
  { params },
  context,
) => {
  const webhook = await repository.rotateWebhookSecret(context.store, params.webhookId);
  if (!webhook) return webhookNotFound(context, params.webhookId);
  context.log.info({ webhookId: webhook.id }, 'webhook secret rotated');
  return { status: 200, body: issued(webhook) };
};

/** GET /webhooks/{webhookId}/deliveries: the delivery log. */
export const listWebhookDeliveries: PlatformHandlers['listWebhookDeliveries'] = async (
  { params, query },
  context,
) => {
  if (!(await repository.getWebhook(context.store, params.webhookId))) {
    return webhookNotFound(context, params.webhookId);
  }
  const limit = query.limit ?? DEFAULT_LIMIT;
  const page = await listDeliveries(context.store, params.webhookId, {
    limit,
    cursor: query.cursor,
    status: query.status,
  });
  return { status: 200, body: pageBody(page.items, limit, page.nextCursor) };
};

/** POST /webhooks/{webhookId}/deliveries/{deliveryId}/replay */
export const replayWebhookDelivery: PlatformHandlers['replayWebhookDelivery'] = async (
  { params },
  context,
) => {
  const result = await replayDelivery(context.store, params.webhookId, params.deliveryId);
  if (result.outcome === 'not-found') {
    return notFound(
      context,
      `Webhook '${params.webhookId}' has no delivery '${params.deliveryId}'.`,
    );
  }
  if (result.outcome === 'still-pending') {
    const pending = await getDelivery(context.store, params.webhookId, params.deliveryId);
    return conflict(
      context,
      `Delivery '${params.deliveryId}' is still pending (next attempt at ` +
        `${pending?.nextAttemptAt ?? 'once it is claimed'}); replay it once it is delivered or ` +
        'dead-lettered.',
    );
  }
  context.log.info(
    { webhookId: params.webhookId, deliveryId: result.delivery.id, replayOf: params.deliveryId },
    'webhook delivery replayed',
  );
  return { status: 202, body: result.delivery };
};

/** Why a URL cannot receive webhooks: not http(s), or plain http to a host beyond loopback. */
function urlErrors(url: string): FieldError[] {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  const secure = parsed?.protocol === 'https:';
  const loopback = parsed?.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname);
  if (secure || loopback) return [];
  return [
    {
      in: 'body',
      pointer: '/url',
      message: `expected an https URL, or http to localhost, 127.0.0.1 or [::1], got '${url}'`,
    },
  ];
}

function eventTypeErrors(eventTypes: readonly string[]): FieldError[] {
  return eventTypes.flatMap((type, index) =>
    WEBHOOK_EVENT_TYPES.has(type)
      ? []
      : [
          {
            in: 'body' as const,
            pointer: `/eventTypes/${index}`,
            message: `expected a canonical event type such as '${eventTypeOf('subscription.created')}', got '${type}'`,
          },
        ],
  );
}

function invalidWebhook(context: ApiContext, errors: FieldError[]) {
  const parts =
    errors.length === 1
      ? '1 field of the webhook is'
      : `${errors.length} fields of the webhook are`;
  return invalid(context, `${parts} not usable; see errors.`, errors);
}

function issued(webhook: SigningWebhook) {
  return { ...withoutSecret(webhook), secret: webhook.secret };
}

function withoutSecret(webhook: SigningWebhook): repository.WebhookRecord {
  const record: Partial<SigningWebhook> = { ...webhook };
  delete record.secret;
  return record as repository.WebhookRecord;
}

function webhookNotFound(context: ApiContext, webhookId: string) {
  return notFound(context, `No webhook has id '${webhookId}'.`);
}
