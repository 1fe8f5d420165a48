import type { Finding, SchemaComparison, SchemaObject } from '../model.js';
import type { DocumentView } from './view.js';

/** The schema comparison the diff delegates payloads and headers to. */
export type CompareSchemas = (
  base: SchemaObject,
  revision: SchemaObject,
  ctx: SchemaComparison,
) => Finding[];

/** Everything one document comparison needs, shared by the channel, operation and message steps. */
export interface DiffContext {
  base: DocumentView;
  revision: DocumentView;
  compareSchemas: CompareSchemas;
  /** Messages already judged, as `direction identity identity`, so a shared one is judged once. */
  judged: Set<string>;
}
