import type { HeaderObject, ResponseObject } from 'openapi-typescript';

import type { Finding } from '../model.js';
import type { OperationPair } from './context.js';
import { compareSite, derefBase, derefRevision } from './context.js';
import { diffMediaTypes } from './media-types.js';
import type { MediaSide } from './media-types.js';
import { finding } from './rules.js';

/**
 * Compares the responses of one operation. A removed 2xx status is an error: clients coded
 * against it get a status they never handled. Removing another status is a warning: clients
 * usually handle errors generically, but one that branched on it loses that branch.
 */
export function diffResponses(pair: OperationPair): Finding[] {
  const base = pair.base.responses ?? {};
  const revision = pair.revision.responses ?? {};
  const findings: Finding[] = [];
  for (const [status, raw] of Object.entries(base)) {
    const kept = revision[status];
    const where = `${pair.location} response ${status}`;
    if (kept === undefined) {
      findings.push(removedStatus(pair, status, where));
      continue;
    }
    const from = derefBase<ResponseObject>(pair, raw);
    const to = derefRevision<ResponseObject>(pair, kept);
    findings.push(
      ...diffResponseMedia(pair, from, to, where),
      ...diffHeaders(pair, from, to, where),
    );
  }
  for (const status of Object.keys(revision)) {
    if (base[status] === undefined)
      findings.push(
        finding(
          'response-status-added',
          `${pair.location} response ${status}`,
          `response status ${status} was added`,
          pair.operationId,
        ),
      );
  }
  return findings;
}

function removedStatus(pair: OperationPair, status: string, where: string): Finding {
  const rule = status.startsWith('2')
    ? 'response-success-status-removed'
    : 'response-status-removed';
  return finding(rule, where, `response status ${status} was removed`, pair.operationId);
}

const RESPONSE_MEDIA: Omit<MediaSide, 'bodyWhere'> = {
  direction: 'response',
  subject: 'response-body',
  removedRule: 'response-media-type-removed',
  addedRule: 'response-media-type-added',
  removed: (type) =>
    `response media type '${type}' is no longer returned; clients that ask for it get none`,
  added: (type) => `response media type '${type}' was added`,
};

function diffResponseMedia(
  pair: OperationPair,
  base: ResponseObject,
  revision: ResponseObject,
  where: string,
): Finding[] {
  const side = { ...RESPONSE_MEDIA, bodyWhere: `${where} body` };
  return diffMediaTypes(pair, side, base.content, revision.content, where);
}

function diffHeaders(
  pair: OperationPair,
  base: ResponseObject,
  revision: ResponseObject,
  where: string,
): Finding[] {
  const findings: Finding[] = [];
  const revisionHeaders = lowerKeys(revision.headers);
  for (const [name, raw] of Object.entries(base.headers ?? {})) {
    const from = derefBase<HeaderObject>(pair, raw);
    const rawKept = revisionHeaders.get(name.toLowerCase());
    const at = `${where} header ${name}`;
    if (rawKept === undefined) {
      findings.push(removedHeader(pair, name, from, at));
      continue;
    }
    const to = derefRevision<HeaderObject>(pair, rawKept);
    if (from.required === true && to.required !== true)
      findings.push(
        finding(
          'response-header-became-optional',
          at,
          `response header '${name}' is no longer always sent`,
          pair.operationId,
        ),
      );
    const site = { subject: 'response-header', direction: 'response', location: at } as const;
    findings.push(...compareSite(pair, site, from.schema, to.schema));
  }
  return findings;
}

function removedHeader(
  pair: OperationPair,
  name: string,
  header: HeaderObject,
  at: string,
): Finding {
  const rule =
    header.required === true ? 'response-header-removed' : 'response-optional-header-removed';
  return finding(rule, at, `response header '${name}' was removed`, pair.operationId);
}

function lowerKeys<T>(record: Record<string, T> | undefined): Map<string, T> {
  return new Map(Object.entries(record ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
}
