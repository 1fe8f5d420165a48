import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { hashInputs } from './cache.js';

describe('hashInputs', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function project(): { specs: string; settings: string } {
    const specs = mkdtempSync(join(tmpdir(), 'junction-specs-'));
    const config = mkdtempSync(join(tmpdir(), 'junction-config-'));
    dirs.push(specs, config);
    writeFileSync(join(specs, 'openapi.yaml'), 'openapi: 3.1.0\n');
    return { specs, settings: join(config, 'redocly.yaml') };
  }

  it('changes when a settings file changes, so new lint rules reach unchanged specs', () => {
    const { specs, settings } = project();
    writeFileSync(settings, 'rules: {}\n');
    const before = hashInputs([specs], [settings]);
    writeFileSync(settings, 'rules: { pii-marked: error }\n');
    const after = hashInputs([specs], [settings]);

    expect(after).not.toBe(before);
  });

  it('is stable for unchanged inputs, and treats a missing settings file as empty', () => {
    const { specs, settings } = project();

    expect(hashInputs([specs], [settings])).toBe(hashInputs([specs], [settings]));
    expect(hashInputs([specs], [settings])).not.toBe(hashInputs([specs]));
  });
});
