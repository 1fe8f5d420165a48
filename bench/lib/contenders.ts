import { join } from 'node:path';

import type { Step } from './measure.js';

/** Where the benchmark reads its input and tools, and the empty folder standalone tools run in. */
export interface BenchPaths {
  projectDir: string;
  spec: string;
  /** An empty folder, so the standalone CLIs find no `redocly.yaml` and use their defaults. */
  neutralCwd: string;
}

/** What is measured: one or more steps run one after another, each in its own process. */
export interface Contender {
  id: string;
  name: string;
  kind: 'contender' | 'reference';
  steps(runDir: string): Step[];
}

const MINUTE = 60_000;

/** Contenders A to D of the brief, then the start-up references that put them in context. */
export function defineContenders(paths: BenchPaths): Contender[] {
  return [...mainContenders(paths), ...references(paths)];
}

function mainContenders(paths: BenchPaths): Contender[] {
  const { spec } = paths;
  const cli = join(paths.projectDir, 'bin', 'junction.js');
  const child = join(paths.projectDir, 'bench', 'lib', 'types-stubs-clients.mjs');
  return [
    {
      id: 'A',
      name: 'openapi-typescript CLI',
      kind: 'contender',
      steps: (dir) => [
        standalone(paths, 'openapi-typescript', openapiTypescript(paths), [
          spec,
          '-o',
          join(dir, 'types.ts'),
        ]),
      ],
    },
    {
      id: 'B',
      name: 'junction types+stubs+clients',
      kind: 'contender',
      steps: (dir) => [project(paths, 'types-stubs-clients', [child, spec, dir], 5 * MINUTE)],
    },
    {
      id: 'C',
      name: 'junction generate (full pipeline)',
      kind: 'contender',
      steps: (dir) => [
        project(
          paths,
          'generate',
          [cli, 'generate', '--spec', spec, '--out', join(dir, 'out')],
          10 * MINUTE,
        ),
      ],
    },
    {
      id: 'D',
      name: 'standalone tools, one after another',
      kind: 'contender',
      steps: (dir) => standaloneSum(paths, dir),
    },
  ];
}

function standaloneSum(paths: BenchPaths, dir: string): Step[] {
  const { spec } = paths;
  const redocly = redoclyCli(paths);
  return [
    standalone(paths, 'redocly bundle', redocly, ['bundle', spec, '-o', join(dir, 'bundle.yaml')]),
    standalone(paths, 'openapi-typescript', openapiTypescript(paths), [
      spec,
      '-o',
      join(dir, 'types.ts'),
    ]),
    standalone(paths, 'redocly build-docs', redocly, [
      'build-docs',
      spec,
      '-o',
      join(dir, 'index.html'),
      '--inlineBundle',
    ]),
  ];
}

/**
 * Start-up costs: bare Node, tsx, npx + tsx, loading B's dependencies with and without tsx, and
 * `junction --help` the way C starts it, which loads the CLI's whole module graph and does no work.
 */
function references(paths: BenchPaths): Contender[] {
  const noop = join(paths.projectDir, 'bench', 'lib', 'noop.ts');
  const loadDeps = ['--input-type=module', '-e', DEPENDENCY_IMPORTS];
  const reference = (id: string, name: string, step: Step): Contender => ({
    id,
    name,
    kind: 'reference',
    steps: () => [step],
  });
  const cliHelp = [join(paths.projectDir, 'bin', 'junction.js'), '--help'];
  return [
    reference('node', 'node, empty script', project(paths, 'node', ['-e', '0'], MINUTE)),
    reference(
      'tsx',
      'node --import tsx, empty .ts',
      project(paths, 'tsx', ['--import', 'tsx', noop], MINUTE),
    ),
    reference('npx-tsx', 'npx tsx, empty .ts', npx(paths, 'npx-tsx', ['tsx', noop], MINUTE)),
    reference(
      'deps-node',
      "load B's dependencies, plain node",
      project(paths, 'deps-node', loadDeps, MINUTE),
    ),
    reference(
      'deps-tsx',
      "load B's dependencies under tsx",
      project(paths, 'deps-tsx', ['--import', 'tsx', ...loadDeps], MINUTE),
    ),
    reference('cli', "C's start-up: junction --help", project(paths, 'cli', cliHelp, MINUTE)),
  ];
}

// The packages B's modules import at start-up; `typescript` comes in through openapi-typescript.
const DEPENDENCY_IMPORTS = ['@redocly/openapi-core', 'openapi-typescript', 'yaml']
  .map((name) => `await import('${name}');`)
  .join(' ');

function standalone(paths: BenchPaths, label: string, script: string, args: string[]): Step {
  return {
    label,
    command: process.execPath,
    args: [script, ...args],
    cwd: paths.neutralCwd,
    timeoutMs: 3 * MINUTE,
  };
}

function project(paths: BenchPaths, label: string, args: string[], timeoutMs: number): Step {
  return { label, command: process.execPath, args, cwd: paths.projectDir, timeoutMs };
}

function npx(paths: BenchPaths, label: string, args: string[], timeoutMs: number): Step {
  return {
    label,
    command: 'npx',
    args: ['--no-install', ...args],
    cwd: paths.projectDir,
    timeoutMs,
  };
}

function openapiTypescript(paths: BenchPaths): string {
  return join(paths.projectDir, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
}

function redoclyCli(paths: BenchPaths): string {
  return join(paths.projectDir, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
}
