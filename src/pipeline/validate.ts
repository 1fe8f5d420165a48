import { Worker } from 'node:worker_threads';

import { StageFailure } from './diagnostics.js';
import type { Diagnostic } from './diagnostics.js';
import { locatePointer } from './locate.js';

const WORKER = new URL('./workers/validate-openapi.mjs', import.meta.url);

interface SchemaErrorDetail {
  instancePath?: string;
  path?: string[];
  message?: string;
}

/**
 * Validates a bundled document, written at `bundleFile`, against the OpenAPI schema of its
 * version, in a worker thread so the other stages run beside it. `sourceFile` is where pointers
 * are looked up for line and column. Throws a StageFailure listing every problem.
 */
export async function validateSpec(bundleFile: string, sourceFile: string): Promise<void> {
  const outcome = await runWorker(bundleFile);
  if (!outcome.ok) throw new StageFailure('validate', toDiagnostics(outcome, sourceFile));
}

interface WorkerOutcome {
  ok: boolean;
  message?: string;
  details?: SchemaErrorDetail[];
}

function runWorker(file: string): Promise<WorkerOutcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { file } });
    worker.once('message', (outcome: WorkerOutcome) => resolve(outcome));
    worker.once('error', reject);
    worker.once(
      'exit',
      (code) => code !== 0 && reject(new Error(`the validation worker exited with code ${code}`)),
    );
  });
}

function toDiagnostics(outcome: WorkerOutcome, sourceFile: string): Diagnostic[] {
  const message = outcome.message ?? 'the document is not valid';
  const details = outcome.details;
  if (!Array.isArray(details) || details.length === 0) {
    return [
      {
        rule: 'openapi-valid',
        severity: 'error',
        message: firstLine(message),
        location: locatePointer(sourceFile, '#'),
      },
    ];
  }
  return details.map((detail) => {
    const pointer = detail.instancePath ?? '/' + (detail.path ?? []).join('/');
    return {
      rule: 'openapi-schema',
      severity: 'error',
      message: `${pointer || '/'} ${detail.message ?? 'is not valid'}`,
      location: locatePointer(sourceFile, '#' + pointer),
    };
  });
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}
