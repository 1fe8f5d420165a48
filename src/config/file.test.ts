import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { loadFileConfig } from './file.js';

function project(yaml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'junction-config-'));
  if (yaml !== undefined) writeFileSync(join(dir, 'junction.config.yaml'), yaml);
  return dir;
}

describe('junction.config.yaml', () => {
  it('means defaults when the project has none', () => {
    expect(loadFileConfig(project(), {})).toEqual({
      path: undefined,
      gateway: { policies: {}, apis: {}, customPolicies: {}, oauth2: {} },
      webhooks: { inbound: {} },
      pollers: {},
    });
  });

  it('reads policies per API and operation and resolves custom modules beside the file', () => {
    const dir = project(`
gateway:
  policies:
    cors: { origins: ['https://app.example.com'] }
  apis:
    canonical-v1:
      policies: { rate-limit: { windows: [{ limit: 10, window: 1s }] } }
      operations:
        listOrganizations: { policies: { cache: { ttlSeconds: 30 } } }
  customPolicies:
    request-stamp: ./policies/stamp.ts
`);
    const { gateway } = loadFileConfig(dir, {});
    expect(gateway.policies).toEqual({ cors: { origins: ['https://app.example.com'] } });
    expect(gateway.apis['canonical-v1']?.operations?.listOrganizations?.policies).toEqual({
      cache: { ttlSeconds: 30 },
    });
    expect(gateway.customPolicies['request-stamp']).toBe(join(dir, 'policies/stamp.ts'));
  });

  it('names a file JUNCTION_CONFIG points at that does not exist', () => {
    expect(() => loadFileConfig(project(), { JUNCTION_CONFIG: 'elsewhere.yaml' })).toThrow(
      "JUNCTION_CONFIG='elsewhere.yaml' is not valid: expected an existing YAML file",
    );
  });

  it('names the key of a misspelt setting and of a value of the wrong type', () => {
    expect(() => loadFileConfig(project('gateway:\n  polices: {}\n'), {})).toThrow(
      /junction\.config\.yaml: gateway\.polices='polices' is not valid: expected only the keys/,
    );
    expect(() =>
      loadFileConfig(project('gateway:\n  oauth2:\n    tokenTtlSeconds: 5\n'), {}),
    ).toThrow(/gateway\.oauth2\.tokenTtlSeconds='5' is not valid: expected must be >= 30/);
  });

  it('says where YAML that does not parse went wrong', () => {
    expect(() => loadFileConfig(project('gateway: [\n'), {})).toThrow(
      /junction\.config\.yaml='YAML' is not valid: expected a YAML document \(/,
    );
  });
});
