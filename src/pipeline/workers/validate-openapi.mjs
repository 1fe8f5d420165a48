// Validates one bundled OpenAPI document with swagger-parser, off the main thread. The document
// is already bundled, so only its own `#/...` references are followed: a `$ref` that happens to
// sit inside an example is never fetched.
import SwaggerParser from '@apidevtools/swagger-parser';
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

try {
  const document = JSON.parse(readFileSync(workerData.file, 'utf8'));
  if (/^3\.0\./.test(String(document.openapi))) dropRefSiblings(document);
  await SwaggerParser.validate(document, {
    resolve: { external: false },
    dereference: { circular: 'ignore' },
    validate: { schema: true, spec: true },
  });
  parentPort.postMessage({ ok: true });
} catch (err) {
  const details = Array.isArray(err?.details)
    ? err.details.map((detail) => ({
        instancePath: detail.instancePath,
        path: detail.path,
        message: detail.message,
      }))
    : undefined;
  parentPort.postMessage({
    ok: false,
    message: err instanceof Error ? err.message : String(err),
    details,
  });
}

/**
 * OpenAPI 3.0 says the other keys of a Reference Object are ignored (section 4.7.23); the
 * validator would merge them into the target instead and report what the spec tells it to ignore.
 */
function dropRefSiblings(node) {
  if (Array.isArray(node)) return node.forEach(dropRefSiblings);
  if (node === null || typeof node !== 'object') return;
  if (typeof node.$ref === 'string') {
    for (const key of Object.keys(node)) if (key !== '$ref') delete node[key];
    return;
  }
  Object.values(node).forEach(dropRefSiblings);
}
