import type { ParameterObject } from 'openapi-typescript';

import type { Finding } from '../model.js';
import type { OperationPair } from './context.js';
import { compareSite } from './context.js';
import { finding } from './rules.js';

/**
 * Compares the parameters of one operation. Path parameters are matched by their position in
 * the template, since renaming `{id}` to `{orgId}` changes nothing on the wire; header names
 * are matched without case (RFC 9110 §5.1).
 */
export function diffParameters(pair: OperationPair): Finding[] {
  const base = keyed(pair.baseParameters, pair.basePath);
  const revision = keyed(pair.revisionParameters, pair.revisionPath);
  const findings: Finding[] = [];
  const moved = new Set<string>();
  for (const [key, parameter] of base) {
    const kept = revision.get(key);
    if (kept) {
      findings.push(...compareParameter(pair, parameter, kept));
      continue;
    }
    const elsewhere = [...revision].find(([k, p]) => !base.has(k) && sameName(p, parameter));
    if (elsewhere) moved.add(elsewhere[0]);
    findings.push(
      elsewhere ? movedParameter(pair, parameter, elsewhere[1]) : removed(pair, parameter),
    );
  }
  for (const [key, parameter] of revision) {
    if (!base.has(key) && !moved.has(key)) findings.push(added(pair, parameter));
  }
  return findings;
}

function compareParameter(
  pair: OperationPair,
  base: ParameterObject,
  revision: ParameterObject,
): Finding[] {
  const where = locationOf(pair, revision);
  const findings: Finding[] = [];
  if (base.required !== true && revision.required === true)
    findings.push(
      finding(
        'request-parameter-became-required',
        where,
        `${describe(revision)} became required`,
        pair.operationId,
      ),
    );
  if (base.required === true && revision.required !== true)
    findings.push(
      finding(
        'request-parameter-became-optional',
        where,
        `${describe(revision)} became optional`,
        pair.operationId,
      ),
    );
  const site = { subject: 'request-parameter', direction: 'request', location: where } as const;
  findings.push(...compareSite(pair, site, schemaOf(base), schemaOf(revision)));
  return findings;
}

function movedParameter(
  pair: OperationPair,
  base: ParameterObject,
  revision: ParameterObject,
): Finding {
  const message = `parameter '${base.name}' moved from ${base.in} to ${revision.in}; clients still send it in the ${base.in}`;
  return finding('request-parameter-moved', locationOf(pair, base), message, pair.operationId);
}

function removed(pair: OperationPair, parameter: ParameterObject): Finding {
  const message = `${describe(parameter)} was removed; clients that send it may be refused or ignored`;
  return finding(
    'request-parameter-removed',
    locationOf(pair, parameter),
    message,
    pair.operationId,
  );
}

function added(pair: OperationPair, parameter: ParameterObject): Finding {
  const where = locationOf(pair, parameter);
  if (parameter.required === true)
    return finding(
      'request-parameter-added-required',
      where,
      `required ${describe(parameter)} was added; existing clients do not send it`,
      pair.operationId,
    );
  return finding(
    'request-parameter-added-optional',
    where,
    `optional ${describe(parameter)} was added`,
    pair.operationId,
  );
}

function keyed(parameters: ParameterObject[], path: string): Map<string, ParameterObject> {
  const names = [...path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]);
  const map = new Map<string, ParameterObject>();
  for (const parameter of parameters) {
    if (parameter.in === 'path') map.set(`path:${names.indexOf(parameter.name)}`, parameter);
    else if (parameter.in === 'header')
      map.set(`header:${parameter.name.toLowerCase()}`, parameter);
    else map.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return map;
}

function sameName(a: ParameterObject, b: ParameterObject): boolean {
  return a.name.toLowerCase() === b.name.toLowerCase() && a.in !== b.in;
}

/** A parameter's schema, or the schema of its single `content` entry (OpenAPI 3.1 §4.8.12.2). */
function schemaOf(parameter: ParameterObject): unknown {
  if (parameter.schema) return parameter.schema;
  const [media] = Object.values(parameter.content ?? {});
  return media && 'schema' in media ? media.schema : undefined;
}

function describe(parameter: ParameterObject): string {
  return `${parameter.in} parameter '${parameter.name}'`;
}

function locationOf(pair: OperationPair, parameter: ParameterObject): string {
  return `${pair.location} parameter ${parameter.in} ${parameter.name}`;
}
