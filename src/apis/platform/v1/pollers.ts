import { listPollerStates } from '../../../flows/poll/poller-states.js';
import type { PlatformHandlers } from './schemas.js';

/** GET /pollers: every poller that has polled, by name, with its checkpoint and health. */
export const listPollers: PlatformHandlers['listPollers'] = async (_request, context) => {
  const data = await listPollerStates(context.store);
  return { status: 200, body: { data } };
};
