import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** How a benchmarked server process is started: its entry script, environment and CPU. */
export interface ServerLaunch {
  id: string;
  script: string;
  env: NodeJS.ProcessEnv;
  /** The CPU to pin the process to with `taskset`; undefined runs it unpinned. */
  cpu: number | undefined;
  /** Extra `node` flags, such as `--cpu-prof`. */
  nodeFlags?: readonly string[];
}

/** A server process that listens on 127.0.0.1 and reports its CPU time when asked. */
export interface ServerProcess {
  id: string;
  url: string;
  pid: number;
  /** The process's user + system CPU time so far, in microseconds. */
  cpuMicros(): Promise<number>;
  /** Asks the server to stop and waits for the process to exit; kills it after 15 s. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const STDERR_TAIL = 4_000;

interface ReadyMessage {
  type: 'ready';
  port: number;
}

interface CpuMessage {
  type: 'cpu';
  micros: number;
}

/**
 * Starts a server in a child process with an IPC channel, its stdout on /dev/null (Junction's
 * log is written in full and discarded by the kernel, whatever the variant) and resolves once
 * it listens. Rejects with the child's last stderr when it exits or takes too long.
 */
export function startServerProcess(launch: ServerLaunch): Promise<ServerProcess> {
  const nodeArgs = [...(launch.nodeFlags ?? []), launch.script];
  const [command, args] =
    launch.cpu === undefined
      ? [process.execPath, nodeArgs]
      : ['taskset', ['-c', String(launch.cpu), process.execPath, ...nodeArgs]];
  const child = spawn(command, args, {
    env: launch.env,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
  });
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`server ${launch.id} ${why}; its stderr ends with:\n${stderr.trim()}`));
    };
    const timer = setTimeout(
      () => fail(`did not listen within ${START_TIMEOUT_MS} ms`),
      START_TIMEOUT_MS,
    );
    child.once('exit', (code, signal) => fail(`exited (${code ?? signal}) before it listened`));
    child.once('message', (message: ReadyMessage) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(wrap(launch.id, child, message.port));
    });
  });
}

function wrap(id: string, child: ChildProcess, port: number): ServerProcess {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    id,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    cpuMicros: () => askCpu(id, child),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

function askCpu(id: string, child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    if (!child.connected) {
      reject(new Error(`server ${id} is gone; expected it to report its CPU time`));
      return;
    }
    const onMessage = (message: CpuMessage) => {
      if (message.type !== 'cpu') return;
      child.off('message', onMessage);
      resolve(message.micros);
    };
    child.on('message', onMessage);
    child.send('cpu');
  });
}
