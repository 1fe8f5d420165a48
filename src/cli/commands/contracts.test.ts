import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { runContractsCheck } from './contracts.js';
import type { ContractsCheckOptions } from './contracts.js';

const ROOT = join(import.meta.dirname, '../../..');
const PETSTORE = join(ROOT, '../shared/corpus/openapi/oai-examples/v3.0/petstore.yaml');
const dir = mkdtempSync(join(tmpdir(), 'junction-contracts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pactFile(name: string, provider: string, interactions: object[]): string {
  const file = join(dir, name);
  const pact = { consumer: { name: 'portal' }, provider: { name: provider }, interactions };
  writeFileSync(file, JSON.stringify(pact));
  return file;
}

const listPets = (status: number) => ({
  description: `lists pets answered ${status}`,
  request: { method: 'GET', path: '/pets' },
  response: {
    status,
    headers: { 'Content-Type': 'application/json' },
    body: [{ id: 1, name: 'Rex' }],
  },
});
const passing = pactFile('passing.json', 'petstore', [listPets(200)]);
const failing = pactFile('failing.json', 'petstore', [
  { ...listPets(200), request: { method: 'PUT', path: '/pets' } },
]);
const notJson = join(dir, 'broken.json');
writeFileSync(notJson, '{ "consumer": ');

async function run(options: ContractsCheckOptions) {
  const output = { out: '', err: '' };
  const code = await runContractsCheck(options, ROOT, {
    out: (text) => (output.out += text),
    err: (text) => (output.err += text),
  });
  return { code, ...output };
}

describe('junction contracts check --pact --spec', () => {
  it.each<[string, ContractsCheckOptions, number]>([
    ['exits 0 when every interaction passes', { pact: passing, spec: PETSTORE }, 0],
    ['exits 1 when an interaction fails', { pact: failing, spec: PETSTORE }, 1],
    ['exits 2 for a pact that is not JSON', { pact: notJson, spec: PETSTORE }, 2],
    ['exits 2 for a spec that does not exist', { pact: passing, spec: join(dir, 'none.yaml') }, 2],
    ['exits 2 for --pact without --spec', { pact: passing }, 2],
    ['exits 2 for an unknown format', { pact: passing, spec: PETSTORE, format: 'xml' }, 2],
  ])('%s', async (_name, options, want) => {
    expect((await run(options)).code).toBe(want);
  });

  it('prints one line per interaction, each reason indented, and a summary', async () => {
    const { out } = await run({ pact: failing, spec: PETSTORE });
    expect(out.split('\n').slice(1)).toStrictEqual([
      '  FAIL        lists pets answered 200 (PUT /pets)',
      '      unknown-method at /request/method: expected one of GET, POST, got "PUT"',
      '1 interaction: 0 pass, 1 fail, 0 unsupported',
      '',
      '1 pact (0 not checked), 1 interaction: 0 pass, 1 fail, 0 unsupported',
      '',
    ]);
  });

  it('writes the verdicts as JSON with --format json', async () => {
    const { out } = await run({ pact: passing, spec: PETSTORE, format: 'json' });
    const parsed = JSON.parse(out) as {
      pacts: { report: { verdicts: unknown[] } }[];
      summary: unknown;
    };
    expect([parsed.pacts[0]?.report.verdicts, parsed.summary]).toStrictEqual([
      [
        {
          description: 'lists pets answered 200',
          kind: 'http',
          outcome: 'pass',
          detail: 'GET /pets -> 200',
          reasons: [],
        },
      ],
      { pass: 1, fail: 0, unsupported: 0 },
    ]);
  });

  it('says why a pact cannot be checked on stderr', async () => {
    const { err } = await run({ pact: notJson, spec: PETSTORE });
    expect(err).toMatch(/^junction: cannot check .*broken\.json: expected JSON, got /);
  });
});

describe('junction contracts check over a folder of pacts', () => {
  it('exits 0 with a clear message when the folder holds no pacts', async () => {
    const { code, err } = await run({ pacts: join(dir, 'empty') });
    expect([code, err]).toStrictEqual([
      0,
      `junction: no pact files (*.json) under ${relative(ROOT, join(dir, 'empty'))}; nothing to check\n`,
    ]);
  });

  it('checks each pact against the spec of the API its provider names', async () => {
    const folder = join(dir, 'by-provider');
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    const org = {
      description: 'reads an unknown organization',
      request: { method: 'GET', path: '/canonical/v1/nowhere' },
      response: { status: 200 },
    };
    writeFileSync(
      join(folder, 'portal-canonical-v1.json'),
      JSON.stringify({
        consumer: { name: 'portal' },
        provider: { name: 'canonical-v1' },
        interactions: [org],
      }),
    );
    writeFileSync(
      join(folder, 'portal-nowhere.json'),
      JSON.stringify({
        consumer: { name: 'portal' },
        provider: { name: 'nowhere-v1' },
        interactions: [],
      }),
    );
    const { code, out, err } = await run({ pacts: folder, format: 'json' });
    const parsed = JSON.parse(out) as { pacts: Record<string, unknown>[] };
    const first = parsed.pacts[0] as {
      spec: string;
      report: { verdicts: { reasons: { code: string }[] }[] };
    };
    expect([code, first.spec, first.report.verdicts[0]?.reasons[0]?.code]).toStrictEqual([
      2,
      'canonical-v1',
      'unknown-path',
    ]);
    expect(err).toMatch(
      /portal-nowhere\.json: expected provider\.name to be an API id \(.*canonical-v1.*\), got "nowhere-v1"/,
    );
  });
});
