import * as repository from '../../../store/platform/index.js';
import { conflict, DEFAULT_LIMIT, notFound, pageBody } from './responses.js';
import type { PlatformHandlers } from './schemas.js';

/** GET /admin-keys: never the keys. */
export const listAdminKeys: PlatformHandlers['listAdminKeys'] = async ({ query }, context) => {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const page = await repository.listAdminKeys(context.store, { limit, cursor: query.cursor });
  return { status: 200, body: pageBody(page.items, limit, page.nextCursor) };
};

/** POST /admin-keys: the one answer that carries the new key. */
export const createAdminKey: PlatformHandlers['createAdminKey'] = async ({ body }, context) => {
  const { record, key } = await repository.createAdminKey(context.store, body);
  context.log.info({ adminKeyId: record.id, role: record.role }, 'admin key issued');
  const { id, name, role, createdAt } = record;
  return { status: 201, body: { id, name, role, key, createdAt } };
};

/** DELETE /admin-keys/{adminKeyId}: revoked at once, except the last active admin key. */
export const revokeAdminKey: PlatformHandlers['revokeAdminKey'] = async ({ params }, context) => {
  const result = await repository.revokeAdminKey(context.store, params.adminKeyId);
  if (result === 'not-found') {
    return notFound(context, `No admin key has id '${params.adminKeyId}'.`);
  }
  if (result === 'last-admin') {
    return conflict(
      context,
      `Admin key '${params.adminKeyId}' is the last active admin key; issue another admin key ` +
        'before revoking it.',
    );
  }
  if (result === 'revoked')
    context.log.info({ adminKeyId: params.adminKeyId }, 'admin key revoked');
  return { status: 204 };
};
