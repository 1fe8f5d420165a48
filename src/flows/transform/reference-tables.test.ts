import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { ReferenceTables } from './reference-tables.js';

const dir = mkdtempSync(join(tmpdir(), 'junction-tables-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'subsidiaries.yaml'), 'nl-bv: Junction B.V.\nus-inc: Junction Inc.\n');
writeFileSync(join(dir, 'tiers.json'), '{"premium": {"seats": 25}}');
writeFileSync(join(dir, 'notes.txt'), 'ignored');

describe('ReferenceTables', () => {
  const tables = new ReferenceTables().loadDirectory(dir).register('in-code', { a: 0 });

  it('loads every YAML and JSON file of a folder under its base name, beside tables from code', () => {
    expect([
      tables.names(),
      tables.lookup('subsidiaries', 'nl-bv'),
      tables.lookup('tiers', 'premium'),
      tables.lookup('in-code', 'a'),
    ]).toStrictEqual([['in-code', 'subsidiaries', 'tiers'], 'Junction B.V.', { seats: 25 }, 0]);
  });

  it('answers a missing key with the default when one is given', () => {
    expect(tables.lookup('subsidiaries', 'au-pty', 'Unknown')).toBe('Unknown');
  });

  it.each([
    {
      table: 'subsidiaries',
      key: 'au-pty',
      message:
        'reference table "subsidiaries" has no key "au-pty"; add it to the table or pass a default as the third argument',
    },
    {
      table: 'entities',
      key: 'nl-bv',
      message:
        'expected a reference table named "entities", but the tables are in-code, subsidiaries, tiers',
    },
  ])('refuses $table/$key: $message', ({ table, key, message }) => {
    expect(() => tables.lookup(table, key)).toThrow(message);
  });

  it('refuses a table file that is not an object', () => {
    const file = join(dir, 'list.yaml');
    writeFileSync(file, '- a\n- b\n');
    expect(() => new ReferenceTables().loadFile(file)).toThrow(
      `expected reference table file ${file} to hold an object of key to value, got an array`,
    );
  });
});
