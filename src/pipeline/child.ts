import { spawn } from 'node:child_process';

/** The outcome of a child process: its exit code and what it wrote to stderr. */
export interface ChildResult {
  code: number;
  stderr: string;
}

/** Runs a Node script in a child process so heavy work runs beside the main thread. */
export function runNode(
  script: string,
  args: readonly string[],
  cwd?: string,
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8_000);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
  });
}
