import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** A running Prism mock server. */
export interface PrismServer {
  url: string;
  stop(): void;
  /** Settles when the Prism process has ended. */
  exited: Promise<number>;
}

const READY = /Prism is listening on (http:\/\/\S+)/;

/**
 * Starts Prism on a document and resolves once it listens. Rejects with Prism's own last words
 * when it exits first, or after `timeoutMs`.
 */
export function startPrism(
  document: string,
  host: string,
  port: number,
  timeoutMs = 60_000,
): Promise<PrismServer> {
  const cli = join(
    dirname(require.resolve('@stoplight/prism-cli/package.json')),
    'dist',
    'index.js',
  );
  const child = spawn(process.execPath, [cli, 'mock', document, '-h', host, '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number>((resolve) =>
    child.once('close', (code) => resolve(code ?? 1)),
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`Prism did not start within ${timeoutMs} ms: ${lastLine(output)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
      const match = READY.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({ url: match[1]!, stop: () => child.kill('SIGTERM'), exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited with code ${code}: ${lastLine(output)}`));
    });
  });
}

/** Prism's own verdict: its last line that names a failure, else its last line. */
function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean);
  const verdict = [...lines].reverse().find((line) => /fatal|error/i.test(line));
  return (verdict ?? lines[lines.length - 1] ?? 'no output').replace(/\s+/g, ' ').slice(0, 300);
}
