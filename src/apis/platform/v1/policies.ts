import * as repository from '../../../store/platform/index.js';
import type { PolicyTarget } from '../../../store/platform/index.js';
import type { ApiContext } from '../../context.js';
import { findServedApi, notServedDetail } from './apis.js';
import { invalid, notFound } from './responses.js';
import type { PlatformHandlers } from './schemas.js';

/** GET /apis/{apiId}/policies: what was configured here, not what the spec declares. */
export const listApiPolicies: PlatformHandlers['listApiPolicies'] = async ({ params }, context) => {
  const served = findServedApi(context, params.apiId);
  if (served.state === 'missing') {
    return notFound(context, notServedDetail(params.apiId, served.served));
  }
  const data = await repository.listPolicyConfigs(context.store, params.apiId);
  return { status: 200, body: { data } };
};

/** PUT /apis/{apiId}/policies/{policy} */
export const putApiPolicy: PlatformHandlers['putApiPolicy'] = ({ params, body }, context) =>
  putPolicy({ ...params, operationId: null }, body.config, context);

/** PUT /apis/{apiId}/operations/{operationId}/policies/{policy} */
export const putOperationPolicy: PlatformHandlers['putOperationPolicy'] = (
  { params, body },
  context,
) => putPolicy(params, body.config, context);

/** DELETE /apis/{apiId}/policies/{policy} */
export const deleteApiPolicy: PlatformHandlers['deleteApiPolicy'] = ({ params }, context) =>
  deletePolicy({ ...params, operationId: null }, context);

/** DELETE /apis/{apiId}/operations/{operationId}/policies/{policy} */
export const deleteOperationPolicy: PlatformHandlers['deleteOperationPolicy'] = (
  { params },
  context,
) => deletePolicy(params, context);

/**
 * Stores a configuration once the API version (and operation) is served and the gateway accepts
 * the configuration; 201 when none was stored there before, 200 when it replaced one.
 */
async function putPolicy(
  target: PolicyTarget,
  config: Record<string, unknown>,
  context: ApiContext,
) {
  const unknownTarget = checkTarget(target, context);
  if (unknownTarget) return unknownTarget;

  const refusal = await context.gateway?.validatePolicy(
    target.apiId,
    target.policy,
    config,
    ...(target.operationId === null ? [] : [target.operationId]),
  );
  if (refusal !== undefined) {
    return invalid(
      context,
      `Policy '${target.policy}' of ${where(target)} cannot use this configuration: ${refusal}`,
      [{ in: 'body', pointer: '/config', message: refusal }],
    );
  }

  const { record, created } = await repository.putPolicyConfig(context.store, target, config);
  context.log.info({ ...target }, 'policy configured');
  return created ? { status: 201 as const, body: record } : { status: 200 as const, body: record };
}

async function deletePolicy(target: PolicyTarget, context: ApiContext) {
  if (!(await repository.deletePolicyConfig(context.store, target))) {
    return notFound(context, `Policy '${target.policy}' is not configured for ${where(target)}.`);
  }
  context.log.info({ ...target }, 'policy removed');
  return { status: 204 as const };
}

/** A 404 when the API version or the operation is not served; undefined when both are. */
function checkTarget(target: PolicyTarget, context: ApiContext) {
  const served = findServedApi(context, target.apiId);
  if (served.state === 'missing') {
    return notFound(context, notServedDetail(target.apiId, served.served));
  }
  if (served.state === 'found' && target.operationId !== null) {
    if (!served.api.operationIds.includes(target.operationId)) {
      return notFound(context, `API '${target.apiId}' has no operation '${target.operationId}'.`);
    }
  }
  return undefined;
}

function where(target: PolicyTarget): string {
  const api = `API '${target.apiId}'`;
  return target.operationId === null ? api : `operation '${target.operationId}' of ${api}`;
}
