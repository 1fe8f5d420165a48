import { ConflictError } from '../../../store/index.js';
import * as repository from '../../../store/platform/index.js';
import type { PlanRecord } from '../../../store/platform/index.js';
import type { ApiContext } from '../../context.js';
import { mergePatch } from '../../resource.js';
import { conflict, DEFAULT_LIMIT, notFound, pageBody } from './responses.js';
import type { PlatformHandlers } from './schemas.js';

/** GET /plans */
export const listPlans: PlatformHandlers['listPlans'] = async ({ query }, context) => {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const page = await repository.listPlans(context.store, { limit, cursor: query.cursor });
  return { status: 200, body: pageBody(page.items, limit, page.nextCursor) };
};

/** POST /plans: the caller chooses the id; one in use is a 409. */
export const createPlan: PlatformHandlers['createPlan'] = async ({ body }, context) => {
  try {
    const plan = await repository.createPlan(context.store, {
      id: body.id,
      name: body.name,
      ...(body.description === undefined ? {} : { description: body.description }),
      rateLimits: body.rateLimits ?? [],
      approval: body.approval ?? 'manual',
    });
    return {
      status: 201,
      headers: { Location: `${context.baseUrl}/plans/${plan.id}` },
      body: plan,
    };
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    return conflict(
      context,
      `A plan with id '${body.id}' already exists; choose another id or update that plan.`,
      [{ in: 'body', pointer: '/id', message: 'already exists' }],
    );
  }
};

/** GET /plans/{planId} */
export const getPlan: PlatformHandlers['getPlan'] = async ({ params }, context) => {
  const plan = await repository.getPlan(context.store, params.planId);
  if (!plan) return planNotFound(context, params.planId);
  return { status: 200, body: plan };
};

/** PATCH /plans/{planId}: a JSON merge patch (RFC 7396). */
export const updatePlan: PlatformHandlers['updatePlan'] = async ({ params, body }, context) => {
  const current = await repository.getPlan(context.store, params.planId);
  if (!current) return planNotFound(context, params.planId);

  const merged = mergePatch(current, body) as PlanRecord;
  const plan: PlanRecord = { ...merged, updatedAt: new Date().toISOString() };
  if (!(await repository.savePlan(context.store, plan))) {
    return planNotFound(context, params.planId);
  }
  return { status: 200, body: plan };
};

function planNotFound(context: ApiContext, planId: string) {
  return notFound(context, `No plan has id '${planId}'.`);
}
