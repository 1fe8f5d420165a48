import * as repository from '../../../store/platform/index.js';
import type { ClientRecord } from '../../../store/platform/index.js';
import type { ApiContext } from '../../context.js';
import { mergePatch } from '../../resource.js';
import { DEFAULT_LIMIT, notFound, pageBody } from './responses.js';
import type { PlatformHandlers } from './schemas.js';

/** GET /clients */
export const listClients: PlatformHandlers['listClients'] = async ({ query }, context) => {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const page = await repository.listClients(context.store, {
    limit,
    cursor: query.cursor,
    status: query.status,
  });
  return { status: 200, body: pageBody(page.items, limit, page.nextCursor) };
};

/** POST /clients */
export const createClient: PlatformHandlers['createClient'] = async ({ body }, context) => {
  const client = await repository.createClient(context.store, {
    name: body.name,
    ...(body.description === undefined ? {} : { description: body.description }),
    contactEmail: body.contactEmail,
    allowedScopes: body.allowedScopes ?? [],
    status: body.status ?? 'active',
  });
  context.log.info({ clientId: client.id }, 'client registered');
  return {
    status: 201,
    headers: { Location: `${context.baseUrl}/clients/${client.id}` },
    body: client,
  };
};

/** GET /clients/{clientId} */
export const getClient: PlatformHandlers['getClient'] = async ({ params }, context) => {
  const client = await repository.getClient(context.store, params.clientId);
  if (!client) return clientNotFound(context, params.clientId);
  return { status: 200, body: client };
};

/** PATCH /clients/{clientId}: a JSON merge patch (RFC 7396). */
export const updateClient: PlatformHandlers['updateClient'] = async ({ params, body }, context) => {
  const current = await repository.getClient(context.store, params.clientId);
  if (!current) return clientNotFound(context, params.clientId);

  const merged = mergePatch(current, body) as ClientRecord;
  const client: ClientRecord = { ...merged, updatedAt: new Date().toISOString() };
  if (!(await repository.saveClient(context.store, client))) {
    return clientNotFound(context, params.clientId);
  }
  return { status: 200, body: client };
};

/** The 404 of a client id that names no client. */
export function clientNotFound(context: ApiContext, clientId: string) {
  return notFound(context, `No client has id '${clientId}'.`);
}
