import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { systemsFromEnv } from './systems.js';

describe('the system clients from the environment', () => {
  let server: Server;
  let url: string;
  let seen: IncomingHttpHeaders[];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request.headers);
      response.writeHead(404, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen = [];
  });

  async function callEach(env: NodeJS.ProcessEnv): Promise<IncomingHttpHeaders[]> {
    const systems = systemsFromEnv({
      BILLING_SYSTEM_URL: url,
      CRM_SYSTEM_URL: url,
      ERP_SYSTEM_URL: url,
      ...env,
    });
    await systems.billing.GET('/v1/accounts/{accountKey}', {
      params: { path: { accountKey: 'A00012345' } },
    });
    await systems.crm.GET('/services/data/v62.0/sobjects/Account/{id}', {
      params: { path: { id: '0015e00000ABCDeAAO' } },
    });
    await systems.erp.GET('/services/rest/record/v1/customerPayment', { params: { query: {} } });
    return seen;
  }

  it('sends the billing key pair and the CRM and ERP bearer tokens the environment holds', async () => {
    const [billing, crm, erp] = await callEach({
      BILLING_SYSTEM_ACCESS_KEY_ID: 'key-id',
      BILLING_SYSTEM_SECRET_ACCESS_KEY: 'key-secret',
      CRM_SYSTEM_ACCESS_TOKEN: 'crm-token',
      ERP_SYSTEM_ACCESS_TOKEN: 'erp-token',
    });

    expect([billing?.apiaccesskeyid, billing?.apisecretaccesskey]).toStrictEqual([
      'key-id',
      'key-secret',
    ]);
    expect(billing?.authorization).toBeUndefined();
    expect(crm?.authorization).toBe('Bearer crm-token');
    expect(erp?.authorization).toBe('Bearer erp-token');
  });

  it('sends no credentials for a system whose variables are unset, empty or half set', async () => {
    const headers = await callEach({
      BILLING_SYSTEM_ACCESS_KEY_ID: 'key-id',
      CRM_SYSTEM_ACCESS_TOKEN: '',
    });

    for (const sent of headers) {
      expect([sent.apiaccesskeyid, sent.apisecretaccesskey, sent.authorization]).toStrictEqual([
        undefined,
        undefined,
        undefined,
      ]);
    }
  });

  it('goes to the mock addresses when a URL variable is empty', () => {
    const systems = systemsFromEnv({ BILLING_SYSTEM_URL: '', CRM_SYSTEM_URL: '' });

    expect(systems.urls).toStrictEqual({
      billing: 'http://127.0.0.1:4010',
      crm: 'http://127.0.0.1:4015',
      erp: 'http://127.0.0.1:4016',
    });
  });
});
