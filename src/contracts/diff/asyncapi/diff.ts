import type { Finding } from '../model.js';
import { diffChannels } from './channels.js';
import type { CompareSchemas, DiffContext } from './context.js';
import { diffOperations } from './operations.js';
import { readDocument } from './read.js';
import { diffServers } from './servers.js';

/**
 * Compares two AsyncAPI 2.x or 3.x documents of one application, judging payloads and headers
 * with `compareSchemas`. Findings come in document order: servers, channels, operations.
 */
export function diffDocuments(
  base: unknown,
  revision: unknown,
  compareSchemas: CompareSchemas,
): Finding[] {
  const ctx: DiffContext = {
    base: readDocument(base, 'base'),
    revision: readDocument(revision, 'revision'),
    compareSchemas,
    judged: new Set(),
  };
  return distinct([...diffServers(ctx), ...diffChannels(ctx), ...diffOperations(ctx)]);
}

/** A message judged both ways can report the same change twice; keep the first. */
function distinct(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((found) => {
    const key = `${found.rule} ${found.level} ${found.location}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
