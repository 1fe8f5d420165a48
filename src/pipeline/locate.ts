import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isSeq, parseDocument } from 'yaml';
import type { Node } from 'yaml';

import type { SourceLocation } from './diagnostics.js';

/**
 * Finds the line and column of a JSON pointer in a YAML or JSON file. Falls back to the nearest
 * ancestor that exists, and to the top of the file when nothing matches.
 */
export function locatePointer(file: string, pointer: string): SourceLocation {
  const lineCounter = new LineCounter();
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { file, line: 1, column: 1, pointer };
  }
  const document = parseDocument(text, { lineCounter, keepSourceTokens: false });
  let node: Node | null = document.contents;
  let offset = node?.range?.[0] ?? 0;
  for (const segment of splitPointer(pointer)) {
    const child = childOf(node, segment);
    if (!child) break;
    node = child;
    offset = child.range?.[0] ?? offset;
  }
  const position = lineCounter.linePos(offset);
  return { file, line: position.line, column: position.col, pointer };
}

function childOf(node: Node | null, segment: string): Node | null {
  if (isMap(node)) {
    const pair = node.items.find(
      (item) => String((item.key as { value?: unknown })?.value) === segment,
    );
    return (pair?.value as Node | undefined) ?? null;
  }
  if (isSeq(node)) return (node.items[Number(segment)] as Node | undefined) ?? null;
  return null;
}

function splitPointer(pointer: string): string[] {
  return pointer
    .replace(/^#/, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}
