import type { MediaTypeObject, RequestBodyObject } from 'openapi-typescript';

import type { Finding } from '../model.js';
import type { OperationPair } from './context.js';
import { compareSite, derefBase, derefRevision } from './context.js';
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

function diffRequestMedia(
  pair: OperationPair,
  base: RequestBodyObject,
  revision: RequestBodyObject,
  where: string,
): Finding[] {
  const findings: Finding[] = [];
  const baseMedia = mediaTypes(base.content);
  const revisionMedia = mediaTypes(revision.content);
  for (const [type, media] of baseMedia) {
    const kept = revisionMedia.get(type);
    if (!kept) {
      const message = `request media type '${type}' is no longer accepted`;
      findings.push(
        finding('request-media-type-removed', `${where} ${type}`, message, pair.operationId),
      );
      continue;
    }
    const site = {
      subject: 'request-body',
      direction: 'request',
      location: mediaLocation(where, type),
    } as const;
    findings.push(...compareSite(pair, site, media.schema, kept.schema));
  }
  for (const type of revisionMedia.keys()) {
    if (!baseMedia.has(type))
      findings.push(
        finding(
          'request-media-type-added',
          `${where} ${type}`,
          `request media type '${type}' is now accepted`,
          pair.operationId,
        ),
      );
  }
  return findings;
}

/** Media types keyed in lower case, since `Application/JSON` and `application/json` are one. */
export function mediaTypes(
  content: Record<string, MediaTypeObject> | undefined,
): Map<string, MediaTypeObject> {
  return new Map(Object.entries(content ?? {}).map(([type, media]) => [type.toLowerCase(), media]));
}

/** The location of a body: JSON bodies need no media type to be found, others name theirs. */
export function mediaLocation(where: string, type: string): string {
  return type === 'application/json' ? where : `${where} ${type}`;
}
