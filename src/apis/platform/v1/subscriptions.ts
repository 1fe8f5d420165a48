import type { FieldError } from '../../../runtime/errors.js';
import * as repository from '../../../store/platform/index.js';
import type { ApiContext } from '../../context.js';
import { findServedApi, notServedDetail } from './apis.js';
import { conflict, DEFAULT_LIMIT, notFound, pageBody } from './responses.js';
import type { PlatformHandlers, Schemas } from './schemas.js';

/** GET /subscriptions */
export const listSubscriptions: PlatformHandlers['listSubscriptions'] = async (
  { query },
  context,
) => {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const page = await repository.listSubscriptions(context.store, {
    limit,
    cursor: query.cursor,
    clientId: query.clientId,
    apiId: query.apiId,
    status: query.status,
  });
  return { status: 200, body: pageBody(page.items, limit, page.nextCursor) };
};

/**
 * POST /subscriptions: approved at once on an `auto` plan, pending otherwise. A client, plan or
 * API version that does not exist is a 404 pointing at each such body field.
 */
export const createSubscription: PlatformHandlers['createSubscription'] = async (
  { body },
  context,
) => {
  const [client, plan] = await Promise.all([
    repository.getClient(context.store, body.clientId),
    repository.getPlan(context.store, body.planId),
  ]);
  const missing = missingFields(body, context, { client: !!client, plan: !!plan });
  if (missing.length > 0 || !plan) {
    const detail = missing.map((field) => field.detail).join(' ');
    return notFound(
      context,
      detail,
      missing.map((field) => field.error),
    );
  }
  const status = plan.approval === 'auto' ? 'approved' : 'pending';

  const result = await repository.createSubscription(context.store, { ...body, status });
  if ('existing' in result) {
    return conflict(
      context,
      `Client '${body.clientId}' already has subscription '${result.existing.id}' to ` +
        `'${body.apiId}'; change that subscription instead.`,
      [{ in: 'body', pointer: '/apiId', message: 'the client already subscribes to it' }],
    );
  }
  const subscription = result.created;
  context.log.info({ subscriptionId: subscription.id, status }, 'subscription made');
  return {
    status: 201,
    headers: { Location: `${context.baseUrl}/subscriptions/${subscription.id}` },
    body: subscription,
  };
};

/** GET /subscriptions/{subscriptionId} */
export const getSubscription: PlatformHandlers['getSubscription'] = async ({ params }, context) => {
  const subscription = await repository.getSubscription(context.store, params.subscriptionId);
  if (!subscription) return subscriptionNotFound(context, params.subscriptionId);
  return { status: 200, body: subscription };
};

/** PATCH /subscriptions/{subscriptionId}: approves or revokes. */
export const updateSubscription: PlatformHandlers['updateSubscription'] = async (
  { params, body },
  context,
) => {
  const subscription = await repository.setSubscriptionStatus(
    context.store,
    params.subscriptionId,
    body.status,
  );
  if (!subscription) return subscriptionNotFound(context, params.subscriptionId);
  context.log.info(
    { subscriptionId: subscription.id, status: body.status },
    'subscription changed',
  );
  return { status: 200, body: subscription };
};

interface MissingField {
  detail: string;
  error: FieldError;
}

function missingFields(
  body: Schemas['SubscriptionCreate'],
  context: ApiContext,
  found: { client: boolean; plan: boolean },
): MissingField[] {
  const missing: MissingField[] = [];
  const served = findServedApi(context, body.apiId);
  if (served.state === 'missing') {
    missing.push(field('apiId', notServedDetail(body.apiId, served.served), 'is not served here'));
  }
  if (!found.client) {
    missing.push(
      field('clientId', `No client has id '${body.clientId}'.`, 'no client has this id'),
    );
  }
  if (!found.plan) {
    missing.push(
      field(
        'planId',
        `No plan has id '${body.planId}'; create the plan first.`,
        'no plan has this id',
      ),
    );
  }
  return missing;
}

function field(name: string, detail: string, message: string): MissingField {
  return { detail, error: { in: 'body', pointer: `/${name}`, message } };
}

function subscriptionNotFound(context: ApiContext, subscriptionId: string) {
  return notFound(context, `No subscription has id '${subscriptionId}'.`);
}
