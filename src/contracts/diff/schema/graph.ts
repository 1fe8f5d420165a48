import type { RawFinding, RefEdge, Segment } from './context.js';
import { compareInline, type NodeResult, type WalkSetting } from './node-walk.js';

/** A finding of a referenced pair, and the path from the compared root to that pair. */
export interface Placed {
  finding: RawFinding;
  prefix: Segment[];
}

/** Results of referenced pairs, and whether anything was found at or below each. */
export interface PairCache {
  results: Map<string, NodeResult>;
  dirty: Map<string, boolean>;
  /** Per pair, the edges to pairs with something at or below them. */
  live: Map<string, RefEdge[]>;
}

/** An empty cache for one pair of documents. */
export function createPairCache(): PairCache {
  return { results: new Map(), dirty: new Map(), live: new Map() };
}

/** The cache key of a pair of `$ref`s in one direction, or undefined unless both are refs. */
export function pairKey(
  direction: string,
  base: string | undefined,
  revision: string | undefined,
): string | undefined {
  if (base === undefined || revision === undefined) return undefined;
  return `${direction}\n${base}\n${revision}`;
}

interface Visit {
  edge: RefEdge;
  parent: number;
}

/**
 * The findings of the root and of every referenced pair reachable from it, each pair placed
 * once at the first path a breadth-first walk reaches it by. Pairs with nothing at or below
 * them are not entered.
 */
export function placeFindings(
  root: NodeResult,
  setting: WalkSetting,
  cache: PairCache,
  rootKey: string | undefined,
): Placed[] {
  const placed: Placed[] = root.findings.map((finding) => ({ finding, prefix: [] }));
  const visited = new Set<string>(rootKey === undefined ? [] : [rootKey]);
  const visits: Visit[] = [];
  const enqueue = (edges: RefEdge[], parent: number): void => {
    for (const edge of edges) {
      if (visited.has(edge.key)) continue;
      visited.add(edge.key);
      visits.push({ edge, parent });
    }
  };
  enqueue(
    root.edges.filter((edge) => isDirty(edge, setting, cache)),
    -1,
  );
  for (let next = 0; next < visits.length; next++) {
    const visit = visits[next];
    if (visit === undefined) break;
    const node = resultOf(visit.edge, setting, cache);
    if (node.findings.length > 0) {
      const prefix = prefixOf(visits, next);
      for (const finding of node.findings) placed.push({ finding, prefix });
    }
    enqueue(liveEdges(visit.edge, node, setting, cache), next);
  }
  return placed;
}

function prefixOf(visits: Visit[], index: number): Segment[] {
  const steps: Segment[][] = [];
  for (let at = index; at >= 0; at = visits[at]?.parent ?? -1)
    steps.push(visits[at]?.edge.path ?? []);
  return steps.reverse().flat();
}

function liveEdges(
  edge: RefEdge,
  node: NodeResult,
  setting: WalkSetting,
  cache: PairCache,
): RefEdge[] {
  const known = cache.live.get(edge.key);
  if (known !== undefined) return known;
  const live = node.edges.filter((child) => isDirty(child, setting, cache));
  cache.live.set(edge.key, live);
  return live;
}

function resultOf(edge: RefEdge, setting: WalkSetting, cache: PairCache): NodeResult {
  const known = cache.results.get(edge.key);
  if (known !== undefined) return known;
  const result = compareInline({ $ref: edge.base }, { $ref: edge.revision }, setting);
  cache.results.set(edge.key, result);
  return result;
}

/**
 * Whether the pair or any pair reachable from it has findings. Computed once per pair with
 * Tarjan's strongly connected components, iteratively, so cycles of references and deep
 * chains neither loop nor overflow the stack.
 */
function isDirty(edge: RefEdge, setting: WalkSetting, cache: PairCache): boolean {
  const known = cache.dirty.get(edge.key);
  if (known !== undefined) return known;
  markComponents(edge, setting, cache);
  return cache.dirty.get(edge.key) ?? true;
}

interface Frame {
  key: string;
  node: NodeResult;
  child: number;
}

function markComponents(startEdge: RefEdge, setting: WalkSetting, cache: PairCache): void {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const frames: Frame[] = [];
  const open = (edge: RefEdge): void => {
    const key = edge.key;
    index.set(key, index.size);
    low.set(key, index.size - 1);
    stack.push(key);
    onStack.add(key);
    frames.push({ key, node: resultOf(edge, setting, cache), child: 0 });
  };
  open(startEdge);
  while (frames.length > 0) {
    const frame = frames[frames.length - 1];
    if (frame === undefined) break;
    const edge = frame.node.edges[frame.child++];
    if (edge !== undefined) {
      const key = edge.key;
      if (cache.dirty.has(key)) continue;
      if (!index.has(key)) open(edge);
      else if (onStack.has(key))
        low.set(frame.key, Math.min(low.get(frame.key) ?? 0, index.get(key) ?? 0));
      continue;
    }
    frames.pop();
    const parent = frames[frames.length - 1];
    if (parent !== undefined)
      low.set(parent.key, Math.min(low.get(parent.key) ?? 0, low.get(frame.key) ?? 0));
    if (low.get(frame.key) === index.get(frame.key))
      closeComponent(frame.key, stack, onStack, setting, cache);
  }
}

/** Pops one strongly connected component and records whether anything is found in or below it. */
function closeComponent(
  root: string,
  stack: string[],
  onStack: Set<string>,
  setting: WalkSetting,
  cache: PairCache,
): void {
  const members: string[] = [];
  let member: string | undefined;
  do {
    member = stack.pop();
    if (member === undefined) break;
    onStack.delete(member);
    members.push(member);
  } while (member !== root);
  const inside = new Set(members);
  const dirty = members.some((key) => {
    const node = cache.results.get(key);
    if (node === undefined || node.findings.length > 0) return true;
    return node.edges.some((edge) => {
      return !inside.has(edge.key) && cache.dirty.get(edge.key) === true;
    });
  });
  for (const key of members) cache.dirty.set(key, dirty);
}
