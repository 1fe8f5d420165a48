import type { components } from '../../../../generated/storefront-v1/types.js';
import type { Handlers } from '../../../../generated/storefront-v1/handlers.js';
import { resolveSellablePlan } from '../../../flows/reference/sellable-plans.js';
import { runWebPurchase, type WebPurchaseOutcome } from '../../../flows/reference/web-purchase.js';
import { toProblem } from '../../../runtime/errors.js';
import type { ApiContext } from '../../context.js';

type PurchaseCreate = components['schemas']['PurchaseCreate'];

/** Self-service purchases are always in US dollars, billed by the US entity. */
const PURCHASE_CURRENCY = 'USD';

/** The storefront v1 API: the web-purchase process API the portal calls. */
export const handlers = {
  createPurchase: async (request, context) => {
    const body = request.body;
    if (body.deployment === 'saas' && body.namespaceId === undefined)
      return namespaceMissing(context);

    const plan = await resolveSellablePlan(context.store, body.planCode, PURCHASE_CURRENCY);
    if ('reason' in plan) {
      const problem = toProblem('unknown-plan', plan.reason, problemExtra(context));
      return { status: 422 as const, body: problem };
    }
    const systems = context.services?.referenceSystems;
    if (systems === undefined) throw new Error('expected the reference-flows component to run');

    const purchase = { ...toPurchase(body), plan };
    const deps = { store: context.store, systems, logger: context.log };
    const outcome = await runWebPurchase(deps, purchase, context.correlationId);
    return answer(outcome, body.checkoutId, context);
  },
} satisfies Handlers<ApiContext>;

function toPurchase(body: PurchaseCreate) {
  return {
    checkoutId: body.checkoutId,
    buyer: body.buyer,
    organization: body.organization,
    quantity: body.quantity,
    deployment: body.deployment,
    namespaceId: body.namespaceId,
    paymentMethodId: body.paymentMethodToken,
  };
}

function answer(outcome: WebPurchaseOutcome, checkoutId: string, context: ApiContext) {
  if (outcome.kind === 'completed') return { status: 201 as const, body: outcome.answer };
  if (outcome.kind === 'in-progress') {
    const detail =
      `Checkout '${checkoutId}' is being purchased by flow run '${outcome.runId}'; ` +
      'retry once it has ended.';
    return {
      status: 409 as const,
      body: toProblem('purchase-in-progress', detail, problemExtra(context)),
    };
  }
  const detail =
    `Step '${outcome.step}' failed: ${outcome.reason}; flow run '${outcome.runId}' ended ` +
    `${outcome.status}. Retry the checkout later.`;
  return {
    status: 502 as const,
    body: toProblem('purchase-failed', detail, problemExtra(context)),
  };
}

function namespaceMissing(context: ApiContext) {
  const message = "expected a namespaceId for a 'saas' purchase, got none";
  const problem = toProblem('validation-failed', '1 part of the request is not valid.', {
    ...problemExtra(context),
    errors: [{ in: 'body', pointer: '/namespaceId', message }],
  });
  return { status: 400 as const, body: problem };
}

function problemExtra(context: ApiContext) {
  return { correlationId: context.correlationId };
}
