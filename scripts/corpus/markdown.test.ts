import { describe, expect, it } from 'vitest';

import type { CorpusStage, StageStatus, WorkerEvent } from './events.js';
import { STAGES } from './events.js';
import { markdownHeader, markdownRow } from './markdown.js';
import type { CorpusRow, WorkerEnd } from './rows.js';
import { buildRow } from './rows.js';

const root = {
  spec: 'oai-examples/v3.0/petstore.yaml',
  file: '/corpus/petstore.yaml',
  version: '3.0.0',
};
const done: WorkerEnd = { outcome: 'done', message: '' };

function stages(status: StageStatus, overrides: Partial<Record<CorpusStage, StageStatus>> = {}) {
  return { ...Object.fromEntries(STAGES.map((stage) => [stage, status])), ...overrides } as Record<
    CorpusStage,
    StageStatus
  >;
}

function row(fields: Partial<CorpusRow>): CorpusRow {
  const base: CorpusRow = {
    spec: root.spec,
    version: '3.0.0',
    operations: 3,
    stages: stages('ok'),
    seconds: 12.3,
    reason: '',
    failures: [],
    skips: [],
    details: {},
  };
  return { ...base, ...fields };
}

function stage(name: string, status: StageStatus, reason?: string): WorkerEvent {
  return reason === undefined
    ? { kind: 'stage', stage: name, status, ms: 5 }
    : { kind: 'stage', stage: name, status, ms: 5, reason };
}

describe('markdownRow', () => {
  const cases: { name: string; given: CorpusRow; want: string }[] = [
    {
      name: 'a document that passed every stage',
      given: row({}),
      want: '| `oai-examples/v3.0/petstore.yaml` | 3.0.0 | 3 | ok | ok | ok | ok | ok | ok | ok | ok | ok | 12.3 | |',
    },
    {
      name: 'a failure, with a pipe and a line break escaped',
      given: row({
        operations: null,
        stages: stages('skipped', { bundle: 'ok', validate: 'failed', docs: 'ok' }),
        seconds: 4,
        reason: "validate: /paths/~1pets/get/responses must have required property '200'\n| see",
      }),
      want:
        '| `oai-examples/v3.0/petstore.yaml` | 3.0.0 | – | ok | failed | skipped | skipped | skipped | ' +
        "skipped | ok | skipped | skipped | 4.0 | validate: /paths/~1pets/get/responses must have required property '200' \\| see |",
    },
    {
      name: 'a passing document whose mock check was skipped',
      given: row({
        stages: stages('ok', { prism: 'skipped' }),
        skips: [
          {
            stage: 'prism',
            reason: 'no GET operation whose only required parameters are in the path',
          },
        ],
      }),
      want:
        '| `oai-examples/v3.0/petstore.yaml` | 3.0.0 | 3 | ok | ok | ok | ok | ok | ok | ok | ok | skipped | 12.3 | ' +
        'prism: skipped, no GET operation whose only required parameters are in the path |',
    },
  ];

  for (const { name, given, want } of cases) {
    it(`formats ${name} as one table line`, () => {
      expect(markdownRow(given)).toStrictEqual(want);
    });
  }

  it('has as many cells as the header', () => {
    const [header] = markdownHeader();
    expect(markdownRow(row({})).split(' | ').length).toStrictEqual(header?.split(' | ').length);
  });
});

describe('buildRow', () => {
  const cases: { name: string; events: WorkerEvent[]; end: WorkerEnd; want: Partial<CorpusRow> }[] =
    [
      {
        name: 'names the failed stage in the reason and leaves stages that did not run skipped',
        events: [
          stage('bundle', 'ok'),
          stage('validate', 'failed', "/paths must have required property '200'"),
          stage('docs', 'ok'),
          stage('prism', 'skipped', 'no generated output: validate failed'),
          { kind: 'operations', count: 2 },
          { kind: 'done' },
        ],
        end: done,
        want: {
          operations: 2,
          stages: stages('skipped', { bundle: 'ok', validate: 'failed', docs: 'ok' }),
          reason: "validate: /paths must have required property '200'",
          failures: [{ stage: 'validate', reason: "/paths must have required property '200'" }],
          skips: [{ stage: 'prism', reason: 'no generated output: validate failed' }],
        },
      },
      {
        name: 'lets a later event for a stage replace the pipeline one',
        events: [
          stage('docs', 'ok'),
          stage('docs', 'failed', 'index.html is empty'),
          { kind: 'done' },
        ],
        end: done,
        want: {
          operations: null,
          stages: stages('skipped', { docs: 'failed' }),
          reason: 'docs: index.html is empty',
          failures: [{ stage: 'docs', reason: 'index.html is empty' }],
          skips: [],
        },
      },
      {
        name: 'charges a timeout to the first stage that did not report',
        events: [stage('bundle', 'ok'), stage('validate', 'ok')],
        end: { outcome: 'timeout', message: 'timed out after 300 s' },
        want: {
          operations: null,
          stages: stages('skipped', { bundle: 'ok', validate: 'ok', types: 'failed' }),
          reason: 'types: timed out after 300 s',
          failures: [{ stage: 'types', reason: 'timed out after 300 s' }],
          skips: [],
        },
      },
    ];

  for (const { name, events, end, want } of cases) {
    it(name, () => {
      const { spec, version, seconds, details, ...built } = buildRow(root, events, end, 1.26);
      expect({ spec, version, seconds, details }).toStrictEqual({
        spec: root.spec,
        version: '3.0.0',
        seconds: 1.3,
        details: {},
      });
      expect(built).toStrictEqual(want);
    });
  }
});
