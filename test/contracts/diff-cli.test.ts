import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const projectDir = resolve(import.meta.dirname, '..', '..');
const corpus = join(projectDir, '..', 'shared', 'corpus');
const checker = join(corpus, 'openapi-pairs', 'oasdiff-checker');
const petstore = join(corpus, 'openapi', 'oai-examples', 'v3.0', 'petstore.yaml');
const streetlights = join(corpus, 'asyncapi', 'spec-v3.0.0', 'streetlights-mqtt-asyncapi.yml');
const scratch = mkdtempSync(join(tmpdir(), 'junction-diff-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function junction(args: string[]): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['bin/junction.js', 'diff', ...args], {
      cwd: projectDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

function file(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

const oneOperation = (version: string, method: string) =>
  `openapi: 3.0.3\ninfo: {title: t, version: '${version}'}\npaths:\n  /a:\n    ${method}:\n      responses: {'200': {description: ok}}\n`;

describe('junction diff', () => {
  it('exits 0 and says so when nothing changed', async () => {
    expect(await junction([petstore, petstore])).toStrictEqual({
      code: 0,
      stdout: '0 error(s), 0 warning(s), 0 info: no breaking changes\n',
      stderr: '',
    });
  });

  it('exits 1 on a breaking change and prints it as level, rule, location and message', async () => {
    const run = await junction([
      join(checker, 'request_body_removed_base.yaml'),
      join(checker, 'request_body_removed_revision.yaml'),
    ]);
    expect(run).toStrictEqual({
      code: 1,
      stdout:
        'error request-body-removed POST /api/v1.0/test request body: the request body was removed; what clients send is no longer read\n' +
        '1 error(s), 0 warning(s), 0 info: breaking changes found (failing on error)\n',
      stderr: '',
    });
  });

  it('exits 0 on an error when the major version went up, and says why', async () => {
    const run = await junction([
      file('v1.yaml', oneOperation('1.0.0', 'get')),
      file('v2.yaml', oneOperation('2.0.0', 'post')),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /no breaking changes; 1 admitted by a major version raise \(.*v2\.yaml 1\.0\.0 -> 2\.0\.0\)\n$/,
    );
  });

  it('fails on a warning only when asked to', async () => {
    const pair = [
      join(checker, 'request_property_max_set_base.yaml'),
      join(checker, 'request_property_max_set_revision.yaml'),
    ];
    expect((await junction(pair)).code).toBe(0);
    expect((await junction([...pair, '--fail-on', 'warning'])).code).toBe(1);
  });

  it('writes JSON that parses', async () => {
    const run = await junction([petstore, petstore, '--format', 'json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ reports: [{ kind: 'openapi', findings: [] }] });
  });

  it('exits 2 with one line naming a file that does not parse', async () => {
    const broken = file('broken.yaml', 'openapi: 3.0.0\ninfo: [\n');
    const run = await junction([broken, petstore]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^junction: .*broken\.yaml: yaml-syntax at line 3, column 1: [^\n]+\n$/,
    );
  });

  it('exits 2 on a Swagger 1.2 document, naming the version that arrived and those supported', async () => {
    const legacy = file('swagger-1.2.yaml', "swagger: '1.2'\napis: []\n");
    expect(await junction([legacy, petstore])).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: `junction: ${legacy}: unsupported Swagger version "1.2"; expected Swagger 2.0 or OpenAPI 3.x\n`,
    });
  });

  it('exits 2 when OpenAPI is compared with AsyncAPI', async () => {
    const run = await junction([petstore, streetlights]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^junction: .*streetlights-mqtt-asyncapi\.yml: is AsyncAPI but the base .* is OpenAPI; compare documents of one kind\n$/,
    );
  });

  it('exits 2, not 1, on a usage mistake such as an unknown format', async () => {
    const run = await junction([petstore, petstore, '--format', 'xml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: option '--format <format>' argument 'xml' is invalid/);
  });

  it('exits 2 without two files or --base-ref', async () => {
    expect(await junction([petstore])).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: 'junction: expected two files, BASE and REVISION, or --base-ref REF [FILE]\n',
    });
  });

  it('finds nothing between our specs and themselves at HEAD', async () => {
    const run = await junction(['--base-ref', 'HEAD']);
    expect(run).toStrictEqual({
      code: 0,
      stdout: '0 error(s), 0 warning(s), 0 info: no breaking changes\n',
      stderr: '',
    });
  });

  it('compares one multi-file spec with itself at HEAD', async () => {
    const run = await junction(['--base-ref', 'HEAD', 'specs/openapi/canonical/v1/openapi.yaml']);
    expect(run).toStrictEqual({
      code: 0,
      stdout: '0 error(s), 0 warning(s), 0 info: no breaking changes\n',
      stderr: '',
    });
  });

  it('exits 2 on --base-ref with a file outside the repository, which has no copy at any ref', async () => {
    const outside = file('outside.yaml', oneOperation('1.0.0', 'get'));
    expect(await junction(['--base-ref', 'HEAD', outside])).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: `junction: ${outside}: --base-ref reads the file's copy at a git ref, so the file must be inside the git repository ${projectDir}; got ${outside}, which is outside it (to compare two files, pass both without --base-ref)\n`,
    });
  });

  it('exits 2 on a base ref that names no commit, and 0 when that is allowed', async () => {
    const missing = await junction(['--base-ref', 'no-such-ref-anywhere']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "junction: base ref 'no-such-ref-anywhere' does not name a commit in this repository (a first commit or a shallow clone)\n",
    );
    const allowed = await junction(['--base-ref', 'no-such-ref-anywhere', '--allow-missing-base']);
    expect(allowed).toStrictEqual({
      code: 0,
      stdout: '',
      stderr:
        "junction: base ref 'no-such-ref-anywhere' does not name a commit in this repository (a first commit or a shallow clone); nothing to compare\n",
    });
  });
});
