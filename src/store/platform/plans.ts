import { ConflictError } from '../errors.js';
import type { Store } from '../open-store.js';
import { readPage, type PageOf, type PageRequest } from './paging.js';
import { bumpConfigRevision } from './revision.js';
import { platformDb, type PlanRow } from './schema.js';
import { isUniqueViolation } from './unique.js';

/** At most `limit` requests per `window` (`30s`, `1h`, `1d`). */
export interface RateLimit {
  limit: number;
  window: string;
}

/** Whether a new subscription on the plan is approved at once or waits for an operator. */
export type PlanApproval = 'auto' | 'manual';

/** A plan as the platform API presents it; its id is a slug the caller chose. */
export interface PlanRecord {
  id: string;
  name: string;
  description?: string;
  rateLimits: RateLimit[];
  approval: PlanApproval;
  createdAt: string;
  updatedAt: string;
}

/** The fields a new plan is made from; the timestamps are assigned. */
export type PlanInput = Omit<PlanRecord, 'createdAt' | 'updatedAt'>;

/** Stores a new plan; an id in use throws ConflictError. Bumps the configuration revision. */
export async function createPlan(store: Store, input: PlanInput): Promise<PlanRecord> {
  const now = new Date().toISOString();
  const plan: PlanRecord = { ...input, createdAt: now, updatedAt: now };
  await platformDb(store)
    .insertInto('platform_plans')
    .values(toRow(plan))
    .execute()
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) throw new ConflictError('id', plan.id, { cause: err });
      throw err;
    });
  await bumpConfigRevision(store);
  return plan;
}

/** The plan with this id, or undefined. */
export async function getPlan(store: Store, id: string): Promise<PlanRecord | undefined> {
  const row = await platformDb(store)
    .selectFrom('platform_plans')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

/** One page of plans, newest first. */
export function listPlans(store: Store, query: PageRequest): Promise<PageOf<PlanRecord>> {
  return readPage(
    query,
    (after, take) => {
      let select = platformDb(store).selectFrom('platform_plans').selectAll();
      if (after !== undefined) select = select.where(after);
      return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(take).execute();
    },
    fromRow,
  );
}

/** Replaces the stored plan with the same id; false when there is none. Bumps the revision. */
export async function savePlan(store: Store, plan: PlanRecord): Promise<boolean> {
  const result = await platformDb(store)
    .updateTable('platform_plans')
    .set(toRow(plan))
    .where('id', '=', plan.id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  await bumpConfigRevision(store);
  return true;
}

function toRow(plan: PlanRecord): PlanRow {
  return {
    id: plan.id,
    name: plan.name,
    description: plan.description ?? null,
    rate_limits: JSON.stringify(plan.rateLimits),
    approval: plan.approval,
    created_at: plan.createdAt,
    updated_at: plan.updatedAt,
  };
}

function fromRow(row: PlanRow): PlanRecord {
  return {
    id: row.id,
    name: row.name,
    ...(row.description === null ? {} : { description: row.description }),
    rateLimits: JSON.parse(row.rate_limits) as RateLimit[],
    approval: row.approval as PlanApproval,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
