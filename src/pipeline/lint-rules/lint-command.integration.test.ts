import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { ROOT } from '../../../test/lint-fragment.js';

const BAD_SPEC = `openapi: 3.1.0
info:
  title: Bad
  version: 1.0.0
paths:
  /people:
    post:
      operationId: createPerson
      summary: Create a person
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                homePhone:
                  type: string
      responses:
        '201':
          description: Created
        '400':
          description: Bad request
`;

function junctionLint(file: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/junction.js', 'lint', file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

describe('junction lint with the house rules', () => {
  it('prints file:line:column, severity, rule and message per finding and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'junction-lint-cli-'));
    const file = join(dir, 'people.yaml');
    try {
      writeFileSync(file, BAD_SPEC);
      const run = await junctionLint(file);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        `${file}:16:17 error pii-marked property 'homePhone' names personal data but has no ` +
          `x-pii; expected 'x-pii: true', or 'x-pii: false' where it holds none\n`,
      );
      expect(run.stdout).toContain(
        `${file}:21:9 error problem-responses response '400' has no ` +
          `'application/problem+json' content; expected the shared Problem schema ` +
          `(specs/openapi/shared/schemas.yaml#/Problem)\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
