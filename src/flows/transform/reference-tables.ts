import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

import { parse as parseYaml } from 'yaml';

/** A missing table or key in a lookup; the message names the table and the key. */
export class LookupError extends Error {
  override readonly name = 'LookupError';
}

const TABLE_FILE = /\.(ya?ml|json)$/;

/**
 * Named reference tables that mappings read with `$lookupTable(table, key, default?)`: each
 * maps string keys to any JSON value. Tables are registered in code or loaded from YAML or
 * JSON files whose name (without extension) is the table name.
 */
export class ReferenceTables {
  private readonly tables = new Map<string, ReadonlyMap<string, unknown>>();

  /** Adds or replaces a table. */
  register(name: string, entries: Readonly<Record<string, unknown>>): this {
    this.tables.set(name, new Map(Object.entries(entries)));
    return this;
  }

  /** Loads one table file: a YAML or JSON object of key to value. */
  loadFile(file: string): this {
    const text = readFileSync(file, 'utf8');
    const entries: unknown = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) {
      throw new LookupError(
        `expected reference table file ${file} to hold an object of key to value, got ${describe(entries)}`,
      );
    }
    return this.register(basename(file, extname(file)), entries as Record<string, unknown>);
  }

  /** Loads every `.yaml`, `.yml` and `.json` file of a folder as a table. */
  loadDirectory(dir: string): this {
    const files = readdirSync(dir).filter((file) => TABLE_FILE.test(file));
    for (const file of files.sort()) this.loadFile(join(dir, file));
    return this;
  }

  /** The names of every table, sorted. */
  names(): string[] {
    return [...this.tables.keys()].sort();
  }

  /**
   * The value of `key` in `table`. A missing key returns `fallback` when one is given (not
   * undefined) and throws otherwise; a missing table always throws.
   */
  lookup(table: string, key: string, fallback?: unknown): unknown {
    const entries = this.tables.get(table);
    if (!entries) {
      throw new LookupError(
        `expected a reference table named ${JSON.stringify(table)}, but the tables are ${this.names().join(', ') || '(none)'}`,
      );
    }
    if (entries.has(String(key))) return entries.get(String(key));
    if (fallback !== undefined) return fallback;
    throw new LookupError(
      `reference table ${JSON.stringify(table)} has no key ${JSON.stringify(key)}; ` +
        'add it to the table or pass a default as the third argument',
    );
  }
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
}
