import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startPrism } from '../pipeline/prism.js';
import type { PrismServer } from '../pipeline/prism.js';

import { startTestApp } from '../../test/running-app.js';
import { forgetQuotas } from '../../test/services.js';
import type { RunningApp } from '../../test/running-app.js';

/** Points JUNCTION_CONFIG at a file with `yaml` for the next app started in this file. */
function useConfig(yaml: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'junction-gateway-'));
  writeFileSync(join(dir, 'junction.config.yaml'), yaml);
  process.env.JUNCTION_CONFIG = join(dir, 'junction.config.yaml');
}

afterEach(() => {
  delete process.env.JUNCTION_CONFIG;
});

describe('policies declared in the spec', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('answers a CORS preflight from an origin the canonical spec admits', async () => {
    const response = await fetch(`${app.url}/canonical/v1/organizations`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://eu.portal.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(
      'https://eu.portal.example.com',
    );
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(response.headers.get('vary')).toMatch(/Origin/);
  });

  it('gives a look-alike origin no CORS headers, on preflights and on requests', async () => {
    const preflight = await fetch(`${app.url}/canonical/v2/organizations`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://portal.example.com.evil.test',
        'access-control-request-method': 'GET',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const plain = await fetch(`${app.url}/canonical/v2/organizations`, {
      headers: { origin: 'https://portal.example.com.evil.test' },
    });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    expect(plain.headers.get('vary')).toMatch(/Origin/);
  });

  it('guards the platform API with the admin-key policy its spec declares', async () => {
    const missing = await fetch(`${app.url}/platform/v1/clients`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await missing.json()) as { code: string }).code).toBe('unauthorized');
    const allowed = await fetch(`${app.url}/platform/v1/clients`, {
      headers: { 'x-admin-key': app.bootstrapKey ?? '' },
    });
    expect(allowed.status).toBe(200);
  });
});

describe('policies declared in junction.config.yaml', () => {
  let app: RunningApp;
  beforeAll(async () => {
    useConfig(`
gateway:
  apis:
    canonical-v1:
      operations:
        listOrganizations:
          policies:
            rate-limit: { key: ip, windows: [{ limit: 2, window: 1h }] }
            request-stamp: { header: X-Stamp, value: edge-7 }
  customPolicies:
    request-stamp: ${resolve('examples/policies/request-stamp.ts')}
`);
    await forgetQuotas('canonical-v1 listOrganizations@config');
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('runs a custom policy loaded by name, on the operation it is declared for only', async () => {
    const listed = await fetch(`${app.url}/canonical/v1/organizations`);
    expect(listed.headers.get('x-stamp')).toMatch(/^edge-7; op=listOrganizations; dur=/);
    const other = await fetch(`${app.url}/canonical/v1/contacts`);
    expect(other.headers.get('x-stamp')).toBeNull();
  });

  it('answers 429 with Retry-After once the configured quota is spent', async () => {
    const url = `${app.url}/canonical/v1/organizations`;
    let last: Response | undefined;
    for (let i = 0; i < 3; i++) last = await fetch(url);
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(last?.headers.get('ratelimit-policy')).toBe('"1h";q=2;w=3600');
    expect(((await last?.json()) as { code: string }).code).toBe('rate-limited');
  });
});

describe('an API proxied to its upstream', () => {
  let prism: PrismServer;
  let app: RunningApp;
  const vendor = { apiAccessKeyId: 'junction-integration', apiSecretAccessKey: 's3cret' };

  beforeAll(async () => {
    const bundle = join(process.cwd(), 'generated', 'billing-system-v1', 'openapi.json');
    prism = await startPrism(bundle, '127.0.0.1', 4_397);
    process.env.BILLING_SYSTEM_URL = prism.url;
    await forgetQuotas('billing-system-v1@');
    useConfig(`
gateway:
  apis:
    billing-system-v1:
      policies:
        rate-limit: { key: ip, windows: [{ limit: 2, window: 1h }] }
`);
    app = await startTestApp();
  });
  afterAll(async () => {
    delete process.env.BILLING_SYSTEM_URL;
    await app.close();
    prism.stop();
    await prism.exited;
  });

  it('forwards to the billing system mock with the policies of the API applied', async () => {
    const url = `${app.url}/systems/billing/v1/v1/accounts/A00012345`;
    const first = await fetch(url, { headers: { ...vendor, 'x-correlation-id': 'proxy-1' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-correlation-id')).toBe('proxy-1');
    expect(first.headers.get('ratelimit-policy')).toBe('"1h";q=2;w=3600');
    expect(((await first.json()) as { basicInfo: { accountNumber: string } }).basicInfo).toEqual(
      expect.objectContaining({ accountNumber: 'A00012345' }),
    );
    // With REDIS_URL on a loaded machine a counter update can miss its 150 ms and be let through
    // (fail open), so the quota shows within a few requests rather than on exactly the third.
    let refused: Response | undefined;
    for (let attempt = 0; attempt < 6 && refused === undefined; attempt += 1) {
      const answer = await fetch(url, { headers: vendor });
      if (answer.status === 429) refused = answer;
      else expect(answer.status).toBe(200);
    }
    expect(((await refused?.json()) as { code: string } | undefined)?.code).toBe('rate-limited');
  });
});

describe('an unusable configuration', () => {
  it('stops start-up with one line naming the API, operation, policy, key and value', async () => {
    useConfig(`
gateway:
  apis:
    canonical-v1:
      policies:
        ip-access: { allow: ['10.0.0.0/33'] }
`);
    await expect(startTestApp()).rejects.toThrow(
      /^canonical-v1 \w+ \(config gateway\.apis\.canonical-v1\): policy 'ip-access': allow="10\.0\.0\.0\/33" is not valid: expected an IPv4 or IPv6 address, or a CIDR range/,
    );
  });

  it('names a policy that does not exist and the ones that do', async () => {
    useConfig(`
gateway:
  policies:
    rate-limiter: {}
`);
    await expect(startTestApp()).rejects.toThrow(
      /policy 'rate-limiter': no such policy; expected one of cors, ip-access, /,
    );
  });
});
