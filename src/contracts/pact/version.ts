import { describeValue, isRecord } from './describe-value.js';
import type { PactProblem, PactVersion } from './model.js';

/** The version a pact file declares or implies, or why it cannot be told. */
export type VersionResult =
  | { ok: true; version: PactVersion; source: 'metadata' | 'inferred' }
  | { ok: false; problem: PactProblem };

const EXPECTED = 'a Pact specification version 1.0.0, 1.1.0, 2.0.0, 3.0.0 or 4.0';

/**
 * Reads the version from `metadata.pactSpecification.version`,
 * `metadata['pact-specification'].version` or `metadata.pactSpecificationVersion`; a file that
 * states none is read from its shape.
 */
export function detectVersion(file: Record<string, unknown>): VersionResult {
  const metadata = isRecord(file.metadata) ? file.metadata : {};
  const declared = declaredVersion(metadata);
  if (declared.ok === false) return declared;
  if (declared.value === undefined)
    return { ok: true, version: inferVersion(file), source: 'inferred' };
  const version = parseVersion(declared.value);
  if (version) return { ok: true, version, source: 'metadata' };
  return unknownVersion(`version ${describeValue(declared.value)}`);
}

type Declared = { ok: true; value: unknown } | { ok: false; problem: PactProblem };

function declaredVersion(metadata: Record<string, unknown>): Declared {
  if ('pactSpecificationVersion' in metadata && metadata.pactSpecificationVersion != null)
    return { ok: true, value: metadata.pactSpecificationVersion };
  for (const key of ['pactSpecification', 'pact-specification']) {
    if (!(key in metadata)) continue;
    const entry = metadata[key];
    if (!isRecord(entry))
      return unknownVersion(`metadata['${key}'] = ${describeValue(entry)}, not { "version": … }`);
    if (entry.version != null) return { ok: true, value: entry.version };
  }
  return { ok: true, value: undefined };
}

/** Maps `2.0.0`, `2.0`, `2`, `4.0` and `1.1.0` to a version; anything else is undefined. */
export function parseVersion(value: unknown): PactVersion | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/i.exec(String(value).trim());
  if (!match) return undefined;
  const [major, minor] = [Number(match[1]), Number(match[2] ?? 0)];
  if (major === 1) return minor === 1 ? 'V1.1' : minor === 0 ? 'V1' : undefined;
  if (minor !== 0) return undefined;
  return ({ 2: 'V2', 3: 'V3', 4: 'V4' } as const)[major as 2 | 3 | 4];
}

/**
 * A file without a version: typed interactions are V4; messages, providerStates lists, query
 * objects or matching rules by category are V3; anything else reads as V2, whose shape is V1's.
 */
function inferVersion(file: Record<string, unknown>): PactVersion {
  const interactions = Array.isArray(file.interactions) ? file.interactions : [];
  if (interactions.some((entry) => isRecord(entry) && typeof entry.type === 'string')) return 'V4';
  if (Array.isArray(file.messages)) return 'V3';
  return interactions.some(looksLikeV3) ? 'V3' : 'V2';
}

function looksLikeV3(entry: unknown): boolean {
  if (!isRecord(entry)) return false;
  const request = isRecord(entry.request) ? entry.request : {};
  const rules = isRecord(request.matchingRules) ? request.matchingRules : {};
  return (
    Array.isArray(entry.providerStates) ||
    isRecord(request.query) ||
    Object.keys(rules).some((key) => !key.startsWith('$'))
  );
}

function unknownVersion(arrived: string): { ok: false; problem: PactProblem } {
  return {
    ok: false,
    problem: { code: 'unknown-version', message: `expected ${EXPECTED}, got ${arrived}` },
  };
}
