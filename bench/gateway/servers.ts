import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { JunctionFixture } from './junction-setup.js';
import { prepareJunction, writeJunctionConfig } from './junction-setup.js';
import type { ServerProcess } from './server-process.js';
import { startServerProcess } from './server-process.js';
import type { ServerSpec } from './variants.js';

/** Where and how the benchmark's servers run. */
export interface ServerContext {
  projectDir: string;
  scratchDir: string;
  adminKey: string;
  /** The CPU every server is pinned to; undefined runs them unpinned. */
  cpu: number | undefined;
  /** The server ids to run under `node --cpu-prof`, writing their profiles to `profileDir`. */
  profile: readonly string[];
  profileDir: string;
}

const SERVER_SCRIPTS = resolve(import.meta.dirname, 'servers');

// Settings of the parent's environment that would change what a server does or where it stores.
const CLEARED = [
  'REDIS_URL',
  'DATABASE_URL',
  'NODE_OPTIONS',
  'NODE_ENV',
  'PORT',
  'HOST',
  'LOG_LEVEL',
];

/** Starts one Junction server over its own SQLite folder and configuration, and prepares it. */
export async function startJunction(
  spec: Extract<ServerSpec, { kind: 'junction' }>,
  context: ServerContext,
  fallbackOrganizationId?: string,
): Promise<{ server: ServerProcess; fixture: JunctionFixture }> {
  const dir = join(context.scratchDir, spec.id);
  mkdirSync(join(dir, 'data'), { recursive: true });
  const server = await launch(spec.id, 'junction.mjs', context, {
    BENCH_PROJECT_DIR: context.projectDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    JUNCTION_DATA_DIR: join(dir, 'data'),
    JUNCTION_CONFIG: writeJunctionConfig(dir, spec.policies),
    JUNCTION_ADMIN_KEY: context.adminKey,
  });
  try {
    const fixture = await prepareJunction(server.url, context.adminKey, fallbackOrganizationId);
    return { server, fixture };
  } catch (err) {
    await server.stop();
    throw new Error(`could not prepare ${spec.id}`, { cause: err });
  }
}

/** Starts a bare baseline server answering `body`. */
export function startBare(
  spec: Extract<ServerSpec, { kind: 'bare' }>,
  context: ServerContext,
  body: string,
): Promise<ServerProcess> {
  return launch(spec.id, spec.script, context, { BENCH_BODY: body });
}

async function launch(
  id: string,
  script: string,
  context: ServerContext,
  env: Record<string, string>,
): Promise<ServerProcess> {
  const base = { ...process.env };
  for (const key of CLEARED) delete base[key];
  for (const key of Object.keys(base)) if (key.startsWith('JUNCTION_')) delete base[key];
  const profiled = context.profile.includes(id);
  const server = await startServerProcess({
    id,
    script: join(SERVER_SCRIPTS, script),
    env: { ...base, ...env },
    cpu: context.cpu,
    ...(profiled ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${context.profileDir}`] } : {}),
  });
  if (context.cpu !== undefined) checkPinned(server, context.cpu);
  return server;
}

/** Throws unless the server process may run only on `cpu`, as `taskset` should have set. */
function checkPinned(server: ServerProcess, cpu: number): void {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const allowed = /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1];
  if (allowed !== String(cpu)) {
    throw new Error(
      `expected server ${server.id} pinned to CPU ${cpu}, found CPUs ${allowed ?? '?'}`,
    );
  }
}
