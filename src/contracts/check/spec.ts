import { StageFailure } from '../../pipeline/diagnostics.js';
import { bundleSpec } from '../../pipeline/bundle.js';
import { convertSwagger2, isSwagger2 } from '../../pipeline/convert.js';
import { loadRedoclyConfig } from '../../pipeline/redocly.js';
import { parseSourceFile } from '../../pipeline/source.js';
import { describeValue, isRecord } from '../pact/index.js';

/** A provider contract ready to check pacts against: every reference is local to the document. */
export type ContractSpec =
  | { kind: 'openapi'; dialect: '3.0' | '3.1'; document: Record<string, unknown> }
  | { kind: 'asyncapi'; document: Record<string, unknown> };

/** A spec, or the problem that stopped it being read. */
export type SpecResult = { ok: true; spec: ContractSpec } | { ok: false; problem: string };

/**
 * Reads a spec file of one or many files: external references are bundled into the document, and
 * a Swagger 2.0 document is converted to OpenAPI 3.0 first. Never throws for a bad file.
 */
export async function loadSpecFile(file: string): Promise<SpecResult> {
  try {
    const parsed = await loadSpecDocument(parseSourceFile(file));
    if (!parsed.ok)
      return { ok: false, problem: `cannot read the spec ${file}: ${parsed.problem}` };
    const { document } = await bundleSpec(file, await loadRedoclyConfig());
    return await loadSpecDocument(document);
  } catch (err) {
    return { ok: false, problem: `cannot read the spec ${file}: ${reasonOf(err)}` };
  }
}

/** Classifies a parsed, bundled document as OpenAPI 3.0, 3.1 or AsyncAPI; converts Swagger 2.0. */
export async function loadSpecDocument(document: unknown): Promise<SpecResult> {
  if (isSwagger2(document)) return loadSpecDocument(await convertSwagger2(document));
  if (!isRecord(document)) return notASpec(describeValue(document));
  const { openapi, asyncapi } = document;
  if (typeof openapi === 'string' && /^3\.0\./.test(openapi))
    return { ok: true, spec: { kind: 'openapi', dialect: '3.0', document } };
  if (typeof openapi === 'string' && /^3\.[1-9]\./.test(openapi))
    return { ok: true, spec: { kind: 'openapi', dialect: '3.1', document } };
  if (typeof asyncapi === 'string' && /^[23]\./.test(asyncapi))
    return { ok: true, spec: { kind: 'asyncapi', document } };
  const version = openapi ?? asyncapi;
  return notASpec(version === undefined ? 'neither field' : `version ${describeValue(version)}`);
}

function notASpec(arrived: string): SpecResult {
  return {
    ok: false,
    problem: `expected an OpenAPI 3.x, Swagger 2.0 or AsyncAPI 2.x/3.x document, got ${arrived}`,
  };
}

function reasonOf(err: unknown): string {
  if (err instanceof StageFailure)
    return err.diagnostics.map((diagnostic) => diagnostic.message).join('; ');
  return err instanceof Error ? err.message : String(err);
}
