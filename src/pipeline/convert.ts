import { createRequire } from 'node:module';

import { StageFailure } from './diagnostics.js';
import type { ApiDocument } from './document.js';

const require = createRequire(import.meta.url);

interface ConvertResult {
  openapi: ApiDocument;
}
type ConvertObj = (document: unknown, options: Record<string, unknown>) => Promise<ConvertResult>;

/** True for a Swagger 2.0 document. */
export function isSwagger2(document: unknown): boolean {
  return (document as { swagger?: unknown } | null)?.swagger === '2.0';
}

/**
 * Converts a Swagger 2.0 document to OpenAPI 3.0 with swagger2openapi, patching the small
 * mistakes real 2.0 documents carry instead of refusing them.
 */
export async function convertSwagger2(document: unknown): Promise<ApiDocument> {
  const { convertObj } = require('swagger2openapi') as { convertObj: ConvertObj };
  try {
    const result = await convertObj(structuredClone(document), {
      patch: true,
      warnOnly: true,
      resolve: false,
    });
    return result.openapi;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new StageFailure('convert', [{ rule: 'swagger2-convert', severity: 'error', message }]);
  }
}
