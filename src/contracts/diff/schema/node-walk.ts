import type { Direction } from '../model.js';
import { compareNode } from './compare-node.js';
import { isSchema, type RawFinding, type RefEdge, type Segment, type Walk } from './context.js';
import { refOf, resolveSchema } from './ref.js';

/** Deeper than any real schema nests inline; a guard against pathological documents. */
const MAX_DEPTH = 200;

/** What comparing one schema pair found, relative to it, with the `$ref` pairs met below it. */
export interface NodeResult {
  findings: RawFinding[];
  edges: RefEdge[];
}

/** The documents and direction one comparison runs in. */
export interface WalkSetting {
  direction: Direction;
  baseDocument: unknown;
  revisionDocument: unknown;
  parameterRoot: boolean;
}

/**
 * Compares one schema pair inline down to the next pair of `$ref`s, which it records as edges
 * instead of following, so each referenced pair is compared once however often it is met.
 * Pairs of inline schemas already in progress (recursion through inline parts) stop there.
 */
export function compareInline(base: unknown, revision: unknown, setting: WalkSetting): NodeResult {
  const walk = new NodeWalk(setting);
  walk.compareResolved(base, revision, []);
  return { findings: walk.findings, edges: walk.edges };
}

class NodeWalk implements Walk {
  readonly findings: RawFinding[] = [];
  readonly edges: RefEdge[] = [];
  readonly direction: Direction;
  readonly baseDocument: unknown;
  readonly revisionDocument: unknown;
  readonly parameterRoot: boolean;
  private readonly inProgress = new Map<object, Set<object>>();

  constructor(setting: WalkSetting) {
    this.direction = setting.direction;
    this.baseDocument = setting.baseDocument;
    this.revisionDocument = setting.revisionDocument;
    this.parameterRoot = setting.parameterRoot;
  }

  report(change: string, message: string, path: Segment[], ofParent = false): void {
    this.findings.push(ofParent ? { change, message, path, ofParent } : { change, message, path });
  }

  descend(base: unknown, revision: unknown, path: Segment[]): void {
    const baseRef = refOf(base);
    const revisionRef = refOf(revision);
    if (baseRef !== undefined && revisionRef !== undefined) {
      const key = `${this.direction}\n${baseRef}\n${revisionRef}`;
      this.edges.push({ path, base: baseRef, revision: revisionRef, key });
      return;
    }
    if (!isSchema(base) || !isSchema(revision) || path.length > MAX_DEPTH) return;
    this.compareResolved(base, revision, path);
  }

  /** Resolves both sides and compares them, unless the same pair is already being compared. */
  compareResolved(base: unknown, revision: unknown, path: Segment[]): void {
    const resolvedBase = resolveSchema(this.baseDocument, base);
    const resolvedRevision = resolveSchema(this.revisionDocument, revision);
    const partners = this.inProgress.get(resolvedBase.schema) ?? new Set<object>();
    if (partners.has(resolvedRevision.schema)) return;
    partners.add(resolvedRevision.schema);
    this.inProgress.set(resolvedBase.schema, partners);
    compareNode(resolvedBase, resolvedRevision, path, this);
    partners.delete(resolvedRevision.schema);
  }
}
