import type { MediaTypeObject } from 'openapi-typescript';

import type { Direction, Finding } from '../model.js';
import type { OperationPair, SchemaSite } from './context.js';
import { compareSite } from './context.js';
import { finding } from './rules.js';
import type { OpenApiRuleId } from './rules.js';

/** What differs between a request body's media types and a response's. */
export interface MediaSide {
  direction: Direction;
  /** The schema subject of a body of this side. */
  subject: Extract<SchemaSite['subject'], 'request-body' | 'response-body'>;
  removedRule: OpenApiRuleId;
  addedRule: OpenApiRuleId;
  removed: (type: string) => string;
  added: (type: string) => string;
  /** Where a body's schema changes are reported, before its media type. */
  bodyWhere: string;
}

/**
 * Compares two `content` maps: a media type gone or new, and the schema of each one kept. Types
 * match without case and without parameters, so `application/json; charset=utf-8` is still
 * `application/json`.
 */
export function diffMediaTypes(
  pair: OperationPair,
  side: MediaSide,
  base: Record<string, MediaTypeObject> | undefined,
  revision: Record<string, MediaTypeObject> | undefined,
  where: string,
): Finding[] {
  const baseMedia = mediaTypes(base);
  const revisionMedia = mediaTypes(revision);
  const findings: Finding[] = [];
  for (const [type, media] of baseMedia) {
    const kept = revisionMedia.get(type);
    if (kept === undefined) {
      findings.push(
        finding(side.removedRule, `${where} ${type}`, side.removed(type), pair.operationId),
      );
      continue;
    }
    const location = mediaLocation(side.bodyWhere, type);
    const site = { subject: side.subject, direction: side.direction, location };
    findings.push(...compareSite(pair, site, media.schema, kept.schema));
  }
  for (const type of revisionMedia.keys()) {
    if (!baseMedia.has(type))
      findings.push(
        finding(side.addedRule, `${where} ${type}`, side.added(type), pair.operationId),
      );
  }
  return findings;
}

/** Media types keyed by essence (RFC 9110 section 8.3.1): lower case, parameters dropped. */
export function mediaTypes(
  content: Record<string, MediaTypeObject> | undefined,
): Map<string, MediaTypeObject> {
  return new Map(Object.entries(content ?? {}).map(([type, media]) => [essence(type), media]));
}

function essence(type: string): string {
  return (type.split(';')[0] ?? type).trim().toLowerCase();
}

/** The location of a body: JSON bodies need no media type to be found, others name theirs. */
export function mediaLocation(where: string, type: string): string {
  return type === 'application/json' ? where : `${where} ${type}`;
}
