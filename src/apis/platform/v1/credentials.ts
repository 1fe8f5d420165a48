import { generateSecret, hashSecret } from '../../../security/secrets.js';
import * as repository from '../../../store/platform/index.js';
import type { CredentialRecord } from '../../../store/platform/index.js';
import type { ApiContext } from '../../context.js';
import { clientNotFound } from './clients.js';
import { conflict, DEFAULT_LIMIT, notFound, pageBody } from './responses.js';
import type { PlatformHandlers } from './schemas.js';

/** How long a replaced credential stays valid when the rotation names no grace period: a day. */
export const DEFAULT_GRACE_SECONDS = 86_400;

/** GET /clients/{clientId}/credentials: never the secrets. */
export const listCredentials: PlatformHandlers['listCredentials'] = async (
  { params, query },
  context,
) => {
  if (!(await repository.getClient(context.store, params.clientId))) {
    return clientNotFound(context, params.clientId);
  }
  const limit = query.limit ?? DEFAULT_LIMIT;
  const page = await repository.listCredentials(context.store, params.clientId, {
    limit,
    cursor: query.cursor,
  });
  return { status: 200, body: pageBody(page.items, limit, page.nextCursor) };
};

/** POST /clients/{clientId}/credentials: the one answer that carries the new secret. */
export const createCredential: PlatformHandlers['createCredential'] = async (
  { params },
  context,
) => {
  if (!(await repository.getClient(context.store, params.clientId))) {
    return clientNotFound(context, params.clientId);
  }
  const secret = generateSecret();
  const credential = await repository.createCredential(
    context.store,
    params.clientId,
    await hashSecret(secret),
  );
  context.log.info({ clientId: params.clientId, credentialId: credential.id }, 'credential issued');
  return { status: 201, body: issued(credential, secret) };
};

/** POST /clients/{clientId}/credentials/{credentialId}/rotate */
export const rotateCredential: PlatformHandlers['rotateCredential'] = async (
  { params, body },
  context,
) => {
  const secret = generateSecret();
  const result = await repository.rotateCredential(context.store, {
    clientId: params.clientId,
    credentialId: params.credentialId,
    secretHash: await hashSecret(secret),
    graceSeconds: body?.graceSeconds ?? DEFAULT_GRACE_SECONDS,
  });
  if (result.outcome === 'not-found') return credentialNotFound(context, params);
  if (result.outcome === 'not-active') {
    return conflict(
      context,
      `Credential '${params.credentialId}' is ${result.status}, not active; only an active ` +
        'credential can be rotated. Rotate the newest active credential of the client instead.',
    );
  }
  const { credential } = result;
  context.log.info(
    { clientId: params.clientId, credentialId: credential.id, replaced: params.credentialId },
    'credential rotated',
  );
  return { status: 201, body: issued(credential, secret) };
};

/** DELETE /clients/{clientId}/credentials/{credentialId}: revoked at once. */
export const revokeCredential: PlatformHandlers['revokeCredential'] = async (
  { params },
  context,
) => {
  const result = await repository.revokeCredential(
    context.store,
    params.clientId,
    params.credentialId,
  );
  if (result === 'not-found') return credentialNotFound(context, params);
  if (result === 'revoked') {
    context.log.info(
      { clientId: params.clientId, credentialId: params.credentialId },
      'credential revoked',
    );
  }
  return { status: 204 };
};

function issued(credential: CredentialRecord, secret: string) {
  const { id, clientId, createdAt } = credential;
  return { id, clientId, secret, createdAt };
}

function credentialNotFound(
  context: ApiContext,
  params: { clientId: string; credentialId: string },
) {
  return notFound(
    context,
    `Client '${params.clientId}' has no credential '${params.credentialId}'.`,
  );
}
