import {
  getFlowRun as readFlowRun,
  listFlowRuns as readFlowRuns,
} from '../../../flows/flow-runs.js';
import { DEFAULT_LIMIT, notFound, pageBody } from './responses.js';
import type { PlatformHandlers } from './schemas.js';

/** GET /flow-runs: newest first, narrowed by flow, status and correlation id. */
export const listFlowRuns: PlatformHandlers['listFlowRuns'] = async ({ query }, context) => {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const page = await readFlowRuns(context.store, {
    limit,
    ...(query.flow === undefined ? {} : { flow: query.flow }),
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.correlationId === undefined ? {} : { correlationId: query.correlationId }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
  return { status: 200, body: pageBody(page.items, limit, page.nextCursor) };
};

/** GET /flow-runs/{flowRunId}: the run with every step row it recorded. */
export const getFlowRun: PlatformHandlers['getFlowRun'] = async ({ params }, context) => {
  const run = await readFlowRun(context.store, params.flowRunId);
  if (run === undefined) return notFound(context, `No flow run has id '${params.flowRunId}'.`);
  return { status: 200, body: run };
};
