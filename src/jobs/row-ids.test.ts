import { describe, expect, it } from 'vitest';

import { importedRecordId } from './row-ids.js';

const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('importedRecordId', () => {
  it('gives a line of a job the same version 8 UUID every time', () => {
    const id = importedRecordId('job_1', 42);
    expect(id).toMatch(UUID_V8);
    expect(importedRecordId('job_1', 42)).toBe(id);
  });

  it('gives every line, job and purpose an id of its own', () => {
    const ids = [
      importedRecordId('job_1', 2),
      importedRecordId('job_1', 3),
      importedRecordId('job_2', 2),
      importedRecordId('job_1', 2, 'contact'),
      importedRecordId('job_1', 2 ** 36 - 1),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('sorts the ids of one job by line, so a batch writes at the end of the key index', () => {
    const lines = [2, 3, 9, 10, 255, 4_096, 65_537, 1_000_000, 2 ** 35];
    const ids = lines.map((line) => importedRecordId('job_1', line));
    expect([...ids].sort()).toStrictEqual(ids);
  });

  it.each([-1, 1.5, 2 ** 36, Number.NaN])('refuses the line number %s', (line) => {
    expect(() => importedRecordId('job_1', line)).toThrow(
      `expected a line number from 0 to 2^36 - 1, got ${line}`,
    );
  });
});
