import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The GitLab CI template cannot run here, so its promises are checked against the repository:
// every stage exists, and every npm script and junction command it calls is real.

interface Job {
  stage?: string;
  script?: string[];
}

const root = join(import.meta.dirname, '..');
const template = parse(readFileSync(join(root, 'ci', 'gitlab-ci.yml'), 'utf8')) as Record<
  string,
  unknown
> & { stages: string[] };
const scripts = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

const jobs = Object.entries(template).filter(
  (entry): entry is [string, Job] =>
    !['workflow', 'default', 'variables', 'stages'].includes(entry[0]) &&
    typeof entry[1] === 'object',
);
const commandLines = jobs.flatMap(([, job]) => job.script ?? []).join('\n');

function matches(pattern: RegExp): string[] {
  return [...commandLines.matchAll(pattern)].map((match) => match[1] ?? '');
}

describe('the GitLab CI template', () => {
  it('runs every guard as its own stage', () => {
    expect(template.stages).toStrictEqual(['check', 'test', 'contracts', 'gate', 'pages']);
    expect(jobs.map(([name, job]) => [name, job.stage])).toStrictEqual([
      ['lint', 'check'],
      ['typecheck', 'check'],
      ['generation-drift', 'check'],
      ['test', 'test'],
      ['contracts', 'contracts'],
      ['breaking-change-gate', 'gate'],
      ['pages', 'pages'],
    ]);
  });

  it('calls only npm scripts this repository defines', () => {
    const called = [...new Set([...matches(/npm run ([\w:-]+)/g), ...matches(/npm (test)\b/g)])];
    expect(called.length).toBeGreaterThan(0);
    expect(called.filter((name) => scripts[name] === undefined)).toStrictEqual([]);
  });

  it.each(['diff'])('calls `junction %s`, which the command line knows', (command) => {
    expect(matches(/npx junction (\S+)/g)).toContain(command);
    const help = spawnSync(process.execPath, ['bin/junction.js', command, '--help'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('--base-ref');
  });
});
