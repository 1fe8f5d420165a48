import type { Store } from '../open-store.js';
import { bumpConfigRevision } from './revision.js';
import { platformDb, type PolicyConfigRow } from './schema.js';

/** A policy configured for one API version: for the whole API when `operationId` is null. */
export interface PolicyConfigRecord {
  apiId: string;
  operationId: string | null;
  policy: string;
  config: Record<string, unknown>;
  updatedAt: string;
}

/** Where a policy configuration applies. */
export interface PolicyTarget {
  apiId: string;
  operationId: string | null;
  policy: string;
}

// The table keys API-level rows by an empty operation id: a primary key column cannot be null.
const API_LEVEL = '';

/**
 * Stores the configuration of a policy at its target, replacing any stored before; `created`
 * says whether none was. Bumps the configuration revision.
 */
export async function putPolicyConfig(
  store: Store,
  target: PolicyTarget,
  config: Record<string, unknown>,
): Promise<{ record: PolicyConfigRecord; created: boolean }> {
  const row: PolicyConfigRow = {
    api_id: target.apiId,
    operation_id: target.operationId ?? API_LEVEL,
    policy: target.policy,
    config: JSON.stringify(config),
    updated_at: new Date().toISOString(),
  };
  const db = platformDb(store);
  const before = await selectTarget(store, row).executeTakeFirst();
  await db
    .insertInto('gateway_policy_configs')
    .values(row)
    .onConflict((conflict) =>
      conflict
        .columns(['api_id', 'operation_id', 'policy'])
        .doUpdateSet({ config: row.config, updated_at: row.updated_at }),
    )
    .execute();
  await bumpConfigRevision(store);
  return { record: fromRow(row), created: before === undefined };
}

/** Removes the configuration at the target; false when none was stored. Bumps the revision. */
export async function deletePolicyConfig(store: Store, target: PolicyTarget): Promise<boolean> {
  const result = await platformDb(store)
    .deleteFrom('gateway_policy_configs')
    .where('api_id', '=', target.apiId)
    .where('operation_id', '=', target.operationId ?? API_LEVEL)
    .where('policy', '=', target.policy)
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) return false;
  await bumpConfigRevision(store);
  return true;
}

/**
 * Every stored policy configuration, or those of one API version, ordered by API, operation
 * (API-level first) and policy.
 */
export async function listPolicyConfigs(
  store: Store,
  apiId?: string,
): Promise<PolicyConfigRecord[]> {
  let select = platformDb(store).selectFrom('gateway_policy_configs').selectAll();
  if (apiId !== undefined) select = select.where('api_id', '=', apiId);
  const rows = await select.execute();
  // Sorted here, not in SQL: PostgreSQL's collation and SQLite's byte order disagree on case.
  return rows.sort(compareRows).map(fromRow);
}

function compareRows(a: PolicyConfigRow, b: PolicyConfigRow): number {
  const keyOf = (row: PolicyConfigRow) => [row.api_id, row.operation_id, row.policy];
  const [left, right] = [keyOf(a), keyOf(b)];
  for (let i = 0; i < left.length; i += 1) {
    const [x, y] = [left[i] ?? '', right[i] ?? ''];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function selectTarget(store: Store, row: PolicyConfigRow) {
  return platformDb(store)
    .selectFrom('gateway_policy_configs')
    .select('policy')
    .where('api_id', '=', row.api_id)
    .where('operation_id', '=', row.operation_id)
    .where('policy', '=', row.policy);
}

function fromRow(row: PolicyConfigRow): PolicyConfigRecord {
  return {
    apiId: row.api_id,
    operationId: row.operation_id === API_LEVEL ? null : row.operation_id,
    policy: row.policy,
    config: JSON.parse(row.config) as Record<string, unknown>,
    updatedAt: row.updated_at,
  };
}
