// Facts about real release pairs that the diff must get right, checked by the accuracy
// benchmark and, the same way, by test/contracts/diff-real-pairs.test.ts.
import { join } from 'node:path';

import { diffFiles } from '../../src/contracts/diff/index.js';
import type { Finding } from '../../src/contracts/diff/model.js';

/** The eleven Activity fields Apideck CRM 4.0.0 removed (its CHANGELOG, "ACTION REQUIRED"). */
export const ACTIVITY_RECURRENCE_FIELDS = [
  'recurrence_activity_id',
  'recurrence_start_datetime',
  'recurrence_end_date',
  'recurrence_timezone',
  'recurrence_interval',
  'recurrence_day_of_week_mask',
  'recurrence_day_of_month',
  'recurrence_instance',
  'recurrence_month_of_year',
  'recurrence_end_date_only',
  'recurrence_type',
] as const;

/** The four Xero Accounting Employee operations marked deprecated. */
export const XERO_EMPLOYEE_OPERATIONS = [
  'getEmployees',
  'createEmployees',
  'updateOrCreateEmployees',
  'getEmployee',
] as const;

/** One checked fact: what was expected, what was seen, and whether they agree. */
export interface Fact {
  pair: string;
  fact: string;
  seen: string;
  holds: boolean;
}

/** The pairs folder under the shared corpus. */
export function pairsDir(projectDir: string): string {
  return join(projectDir, '..', 'shared', 'corpus', 'openapi-pairs');
}

/** The responses' findings that a property called `name` was removed, one per place. */
export function removedInResponses(findings: readonly Finding[], name: string): Finding[] {
  return findings.filter(
    (f) =>
      /^response-(body|property)-(required|optional)-property-removed$/.test(f.rule) &&
      f.location.endsWith(`/${name}`),
  );
}

/** Checks every fact about the real pairs, running each diff once. */
export async function checkRealPairs(
  projectDir: string,
): Promise<{ facts: Fact[]; stripe: Finding[] }> {
  const dir = pairsDir(projectDir);
  const pair = (name: string, base: string, revision: string) =>
    diffFiles(join(dir, name, base), join(dir, name, revision));
  const crm4 = await pair('apideck-crm-3.0.2-to-4.1.0', 'base.crm.yml', 'revision.crm.yml');
  const crm5 = await pair('apideck-crm-4.3.3-to-5.0.0', 'base.crm.yml', 'revision.crm.yml');
  const crm10 = await pair('apideck-crm-10.33.0-to-10.34.0', 'base.crm.yml', 'revision.crm.yml');
  const xero = await pair(
    'xero-accounting-employee-deprecation',
    'base.xero_accounting.yaml',
    'revision.xero_accounting.yaml',
  );
  const stripe = await pair(
    'stripe-spec3',
    'base-2023-03-06.spec3.yaml',
    'revision-2023-06-21.spec3.yaml',
  );
  const facts = [
    ...ACTIVITY_RECURRENCE_FIELDS.map((field) =>
      removal('Apideck CRM 3.0.2 -> 4.1.0', crm4.findings, field),
    ),
    removal('Apideck CRM 4.3.3 -> 5.0.0', crm5.findings, 'image_url'),
    ...opportunityTitleFacts(crm10.findings),
    ...xeroFacts(xero.findings),
  ];
  return { facts, stripe: stripe.findings };
}

function removal(pairName: string, findings: readonly Finding[], field: string): Fact {
  const found = removedInResponses(findings, field);
  const levels = [...new Set(found.map((f) => `${f.rule} (${f.level})`))].join(', ') || 'not found';
  return {
    pair: pairName,
    fact: `\`${field}\` removed, as an error in responses`,
    seen: `${found.length} place(s): ${levels}`,
    holds: found.length > 0 && found.every((f) => f.level === 'error'),
  };
}

/**
 * Apideck CRM 10.34.0 (its CHANGELOG) removed `minLength: 1` from Opportunity `title` and
 * reworded a HubSpot note in a description: a request may now send an empty title, which no
 * client is refused for, and a response may now hold one, which a reader may not expect.
 */
function opportunityTitleFacts(findings: readonly Finding[]): Fact[] {
  const pairName = 'Apideck CRM 10.33.0 -> 10.34.0';
  const errors = findings.filter((f) => f.level === 'error');
  return [
    minLengthFact(pairName, findings, 'request', 'info', 'nothing clients sent is refused'),
    minLengthFact(pairName, findings, 'response', 'warning', 'readers may now get an empty title'),
    {
      pair: pairName,
      fact: 'no error, and nothing besides the title (the HubSpot note is a description)',
      seen: `${errors.length} error(s), ${findings.length} finding(s) in all`,
      holds: errors.length === 0 && findings.length === 4,
    },
  ];
}

function minLengthFact(
  pairName: string,
  findings: readonly Finding[],
  direction: 'request' | 'response',
  level: Finding['level'],
  why: string,
): Fact {
  const found = findings.filter(
    (f) => f.rule === `${direction}-property-min-length-removed` && f.location.endsWith('/title'),
  );
  const levels = [...new Set(found.map((f) => `${f.rule} (${f.level})`))].join(', ') || 'not found';
  return {
    pair: pairName,
    fact: `Opportunity \`title\` lost \`minLength: 1\` in ${direction}s: ${level}, as ${why}`,
    seen: `${found.length} place(s): ${levels}`,
    holds: found.length === 2 && found.every((f) => f.level === level),
  };
}

function xeroFacts(findings: readonly Finding[]): Fact[] {
  const deprecated = findings.filter((f) => f.rule === 'operation-became-deprecated');
  const ids = deprecated.map((f) => f.operation ?? '?').sort();
  const breaking = findings.filter((f) => f.level !== 'info');
  return [
    {
      pair: 'Xero Accounting Employee deprecation',
      fact: 'the four Employee operations reported as deprecated',
      seen: ids.join(', ') || 'none',
      holds: ids.join() === [...XERO_EMPLOYEE_OPERATIONS].sort().join(),
    },
    {
      pair: 'Xero Accounting Employee deprecation',
      fact: 'nothing breaking (no error, no warning)',
      seen: `${breaking.length} error/warning finding(s), ${findings.length} finding(s) in all`,
      holds: breaking.length === 0,
    },
  ];
}
