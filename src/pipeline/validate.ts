import SwaggerParser from '@apidevtools/swagger-parser';

import { StageFailure } from './diagnostics.js';
import type { Diagnostic } from './diagnostics.js';
import type { ApiDocument } from './document.js';
import { locatePointer } from './locate.js';

interface SchemaErrorDetail {
  instancePath?: string;
  path?: string[];
  message?: string;
}

/**
 * Validates a bundled document against the OpenAPI schema of its version. `sourceFile` is where
 * pointers are looked up for line and column. Throws a StageFailure listing every problem.
 */
export async function validateSpec(document: ApiDocument, sourceFile: string): Promise<void> {
  try {
    await SwaggerParser.validate(structuredClone(document) as never, {
      dereference: { circular: 'ignore' },
      validate: { schema: true, spec: true },
    });
  } catch (err) {
    throw new StageFailure('validate', toDiagnostics(err, sourceFile));
  }
}

function toDiagnostics(err: unknown, sourceFile: string): Diagnostic[] {
  const message = err instanceof Error ? err.message : String(err);
  const details = (err as { details?: SchemaErrorDetail[] }).details;
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
