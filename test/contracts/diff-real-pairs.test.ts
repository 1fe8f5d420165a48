import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { diffFiles } from '../../src/contracts/diff/index.js';
import type { Finding } from '../../src/contracts/diff/index.js';

const pairs = join(
  resolve(import.meta.dirname, '..', '..'),
  '..',
  'shared',
  'corpus',
  'openapi-pairs',
);
const SLOW = 180_000;

function diffPair(folder: string, base: string, revision: string) {
  return diffFiles(join(pairs, folder, base), join(pairs, folder, revision));
}

type Brief = Pick<Finding, 'rule' | 'level' | 'location'>;

function brief(findings: readonly Finding[]): Brief[] {
  return findings.map(({ rule, level, location }) => ({ rule, level, location }));
}

/** Where the responses report that a property called `name` is gone, and at which level. */
function removedInResponses(findings: readonly Finding[], name: string): Brief[] {
  return brief(
    findings
      .filter((f) => /^response-(body|property)-(required|optional)-property-removed$/.test(f.rule))
      .filter((f) => f.location.endsWith(`/${name}`)),
  );
}

/** An optional response property removed: an error, since readers lose its data. */
function removedOptional(location: string): Brief {
  return { rule: 'response-property-optional-property-removed', level: 'error', location };
}

const RECURRENCE_FIELDS = [
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
];

describe('junction diff on real release pairs', () => {
  it(
    'fails the gate on every Activity field Apideck CRM 4.0.0 removed, where clients read activities',
    async () => {
      const { findings } = await diffPair(
        'apideck-crm-3.0.2-to-4.1.0',
        'base.crm.yml',
        'revision.crm.yml',
      );
      for (const field of RECURRENCE_FIELDS) {
        expect(removedInResponses(findings, field)).toStrictEqual([
          removedOptional(`GET /crm/activities response 200 body /data/[]/${field}`),
          removedOptional(`GET /crm/activities/{id} response 200 body /data/${field}`),
        ]);
      }
    },
    SLOW,
  );

  it(
    "finds Apideck CRM 5.0.0's removal of Company image_url where clients read companies",
    async () => {
      const { findings } = await diffPair(
        'apideck-crm-4.3.3-to-5.0.0',
        'base.crm.yml',
        'revision.crm.yml',
      );
      expect(removedInResponses(findings, 'image_url')).toStrictEqual([
        removedOptional('GET /crm/companies response 200 body /data/[]/image_url'),
        removedOptional('GET /crm/companies/{id} response 200 body /data/image_url'),
      ]);
    },
    SLOW,
  );

  it(
    "passes Apideck CRM 10.34.0's relaxed Opportunity title: info where sent, a warning where read",
    async () => {
      const { findings } = await diffPair(
        'apideck-crm-10.33.0-to-10.34.0',
        'base.crm.yml',
        'revision.crm.yml',
      );
      const rule = (direction: string) => `${direction}-property-min-length-removed`;
      expect(brief(findings)).toStrictEqual([
        {
          rule: rule('response'),
          level: 'warning',
          location: 'GET /crm/opportunities response 200 body /data/[]/title',
        },
        {
          rule: rule('request'),
          level: 'info',
          location: 'POST /crm/opportunities request body /title',
        },
        {
          rule: rule('response'),
          level: 'warning',
          location: 'GET /crm/opportunities/{id} response 200 body /data/title',
        },
        {
          rule: rule('request'),
          level: 'info',
          location: 'PATCH /crm/opportunities/{id} request body /title',
        },
      ]);
    },
    SLOW,
  );

  it(
    'reports the four deprecated Xero Employee operations and nothing else',
    async () => {
      const { findings } = await diffPair(
        'xero-accounting-employee-deprecation',
        'base.xero_accounting.yaml',
        'revision.xero_accounting.yaml',
      );
      expect(
        findings.map(({ rule, level, operation }) => ({ rule, level, operation })),
      ).toStrictEqual([
        { rule: 'operation-became-deprecated', level: 'info', operation: 'getEmployees' },
        { rule: 'operation-became-deprecated', level: 'info', operation: 'createEmployees' },
        {
          rule: 'operation-became-deprecated',
          level: 'info',
          operation: 'updateOrCreateEmployees',
        },
        { rule: 'operation-became-deprecated', level: 'info', operation: 'getEmployee' },
      ]);
    },
    SLOW,
  );

  it(
    'gives no false Stripe errors: only the response fields that became optional and nullable',
    async () => {
      const { findings } = await diffPair(
        'stripe-spec3',
        'base-2023-03-06.spec3.yaml',
        'revision-2023-06-21.spec3.yaml',
      );
      const changes = new Set(
        findings
          .filter((f) => f.level === 'error')
          .map(
            (f) =>
              `${f.rule} ${/\/([a-z_]+)(\/anyOf\[[^\]]+\])?$/.exec(f.location)?.[1] ?? f.location}`,
          ),
      );
      expect([...changes].sort()).toStrictEqual([
        'response-property-became-nullable options',
        'response-property-became-nullable success_url',
        'response-property-became-nullable type',
        'response-property-became-optional options',
        'response-property-became-optional success_url',
        'response-property-became-optional type',
      ]);
    },
    SLOW,
  );
});
