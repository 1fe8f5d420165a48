import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';

import { StageFailure } from './diagnostics.js';
import type { Diagnostic } from './diagnostics.js';

/**
 * Reads and parses a YAML or JSON file. Syntax errors become diagnostics with the exact line and
 * column, so a malformed spec is reported the way an editor would point at it.
 */
export function parseSourceFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new StageFailure('read', [
      { rule: 'file-unreadable', severity: 'error', message: `cannot read the spec: ${reason}` },
    ]);
  }
  return parseSourceText(text, file);
}

/** Parses YAML or JSON text; `file` only labels the diagnostics. */
export function parseSourceText(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const diagnostics: Diagnostic[] = document.errors.map((error) => {
    const position = lineCounter.linePos(error.pos[0]);
    return {
      rule: 'yaml-syntax',
      severity: 'error',
      message: firstLine(error.message),
      location: { file, line: position.line, column: position.col },
    };
  });
  if (diagnostics.length > 0) throw new StageFailure('parse', diagnostics);
  return document.toJS({ maxAliasCount: 1000 }) as unknown;
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}
