import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { createBillingSystemV1Client } from '../generated/billing-system-v1/client.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const fixtures = join(import.meta.dirname, 'fixtures', 'cli');

function junction(args: string[], untilStdout?: RegExp): Promise<Run & { stop?: () => void }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/junction.js', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (untilStdout?.test(stdout))
        resolve({ code: -1, stdout, stderr, stop: () => child.kill('SIGTERM') });
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('the junction command on bad input', () => {
  it.each([
    ['malformed YAML', 'malformed.yaml', /malformed\.yaml:9:\d+ error yaml-syntax /],
    [
      'a $ref that does not resolve',
      'unresolved-ref.yaml',
      /unresolved-ref\.yaml:15:\d+ error no-unresolved-refs /,
    ],
    [
      'an invalid OpenAPI document',
      'invalid-openapi.yaml',
      /invalid-openapi\.yaml:11:\d+ error openapi-schema .*description/,
    ],
  ])(
    'exits 1 on %s with file, line, column, rule and message, and no stack trace',
    async (_name, file, want) => {
      const out = mkdtempSync(join(tmpdir(), 'junction-cli-'));
      try {
        const run = await junction([
          'generate',
          '--spec',
          join(fixtures, file),
          '--out',
          join(out, 'generated'),
        ]);
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(want);
        expect(run.stderr).toContain('junction: generation failed; nothing was written');
        expect(run.stderr).not.toMatch(/\n\s+at /);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
  );

  it('lints a malformed file into one diagnostic line per problem and exits 1', async () => {
    const run = await junction(['lint', join(fixtures, 'malformed.yaml')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/malformed\.yaml:9:\d+ error yaml-syntax /);
  });

  it('reports a finding once when several roots reach the same file', async () => {
    const file = join(fixtures, 'invalid-openapi.yaml');
    const once = await junction(['lint', file]);
    const twice = await junction(['lint', file, file]);
    expect(once.stdout).not.toBe('');
    expect(twice.stdout).toBe(once.stdout);
  });

  it('refuses to mock an API it does not know and lists the ones it does', async () => {
    const run = await junction(['mock', 'crm-v9']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "junction: unknown API 'crm-v9'; expected one of: billing-system-v1, billing-v1, canonical-v1, canonical-v2, crm-system-v1, erp-system-v1, finance-v1, fulfillment-v1, platform-v1, sales-v1, storefront-v1\n",
    );
  });
});

describe('junction mock', () => {
  it('serves the billing system with Prism, and the generated client reads its examples', async () => {
    const run = await junction(
      ['mock', 'billing-system-v1', '--port', '4391'],
      /listening on (\S+)/,
    );
    try {
      const url = /listening on (\S+)/.exec(run.stdout)?.[1];
      expect(url).toBe('http://127.0.0.1:4391');
      const billing = createBillingSystemV1Client(url!);
      const { data, response } = await billing.GET('/v1/accounts/{accountKey}', {
        params: { path: { accountKey: 'A00012345' } },
        headers: { apiAccessKeyId: 'integration', apiSecretAccessKey: 'secret' },
      });
      expect(response.status).toBe(200);
      expect(data?.basicInfo.accountNumber).toBe('A00012345');
    } finally {
      run.stop?.();
    }
  });
});
