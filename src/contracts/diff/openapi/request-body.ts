import type { RequestBodyObject } from 'openapi-typescript';

import type { Finding } from '../model.js';
import type { OperationPair } from './context.js';
import { derefBase, derefRevision } from './context.js';
import { diffMediaTypes } from './media-types.js';
import type { MediaSide } from './media-types.js';
import { finding } from './rules.js';

/** Compares the request body of one operation: presence, `required`, media types, schemas. */
export function diffRequestBody(pair: OperationPair): Finding[] {
  const base = pair.base.requestBody && derefBase<RequestBodyObject>(pair, pair.base.requestBody);
  const revision =
    pair.revision.requestBody && derefRevision<RequestBodyObject>(pair, pair.revision.requestBody);
  const where = `${pair.location} request body`;
  if (base && revision)
    return [
      ...diffRequired(pair, base, revision, where),
      ...diffRequestMedia(pair, base, revision, where),
    ];
  if (revision) return [addedBody(pair, revision, where)];
  if (base) {
    const message = 'the request body was removed; what clients send is no longer read';
    return [finding('request-body-removed', where, message, pair.operationId)];
  }
  return [];
}

function addedBody(pair: OperationPair, revision: RequestBodyObject, where: string): Finding {
  if (revision.required === true) {
    const message = 'a required request body was added; existing clients send none';
    return finding('request-body-added-required', where, message, pair.operationId);
  }
  return finding(
    'request-body-added-optional',
    where,
    'an optional request body was added',
    pair.operationId,
  );
}

function diffRequired(
  pair: OperationPair,
  base: RequestBodyObject,
  revision: RequestBodyObject,
  where: string,
): Finding[] {
  if (base.required !== true && revision.required === true)
    return [
      finding(
        'request-body-became-required',
        where,
        'the request body became required',
        pair.operationId,
      ),
    ];
  if (base.required === true && revision.required !== true)
    return [
      finding(
        'request-body-became-optional',
        where,
        'the request body became optional',
        pair.operationId,
      ),
    ];
  return [];
}

const REQUEST_MEDIA: Omit<MediaSide, 'bodyWhere'> = {
  direction: 'request',
  subject: 'request-body',
  removedRule: 'request-media-type-removed',
  addedRule: 'request-media-type-added',
  removed: (type) => `request media type '${type}' is no longer accepted`,
  added: (type) => `request media type '${type}' is now accepted`,
};

function diffRequestMedia(
  pair: OperationPair,
  base: RequestBodyObject,
  revision: RequestBodyObject,
  where: string,
): Finding[] {
  const side = { ...REQUEST_MEDIA, bodyWhere: where };
  return diffMediaTypes(pair, side, base.content, revision.content, where);
}
