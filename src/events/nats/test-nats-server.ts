import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

/** The nats-server binary tests start privately; `NATS_SERVER_BIN` overrides it. */
const NATS_SERVER_BIN = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

/** A nats-server with JetStream that this process started on loopback, to kill and restart. */
export interface TestNatsServer {
  readonly url: string;
  /** Kills the server at once, as a crash would; resolves when the process has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same port and store directory; resolves when it accepts clients. */
  start(): Promise<void>;
  /** Kills it and removes its store directory. */
  remove(): Promise<void>;
}

/** Starts a private nats-server with JetStream on a free loopback port and a fresh store dir. */
export async function startTestNatsServer(): Promise<TestNatsServer> {
  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), 'junction-nats-'));
  let child: ChildProcess | undefined;

  const server: TestNatsServer = {
    url: `nats://127.0.0.1:${port}`,
    async kill() {
      const running = child;
      child = undefined;
      if (running === undefined || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
    async start() {
      await server.kill();
      const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir];
      const started = spawn(NATS_SERVER_BIN, args, { stdio: 'ignore' });
      child = started;
      const failed = new Promise<never>((_, reject) =>
        started.once('error', (err) =>
          reject(
            new Error(
              `expected to run nats-server at ${NATS_SERVER_BIN}, but it could not start; ` +
                'install it or point NATS_SERVER_BIN at it',
              { cause: err },
            ),
          ),
        ),
      );
      failed.catch(() => undefined);
      await Promise.race([waitForPort(port, started), failed]);
    },
    async remove() {
      await server.kill();
      await rm(storeDir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`expected nats-server to keep running, but it exited with ${child.exitCode}`);
    }
    if ((await accepts(port)) && (await jetStreamAnswers(port))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected nats-server on port ${port} within 30 s, but it never accepted`);
}

async function jetStreamAnswers(port: number): Promise<boolean> {
  try {
    const connection = await connect({ servers: `127.0.0.1:${port}`, timeout: 2_000 });
    try {
      await (await jetstreamManager(connection)).getAccountInfo();
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
