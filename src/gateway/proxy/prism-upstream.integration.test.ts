import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';

import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../observability/logger.js';
import { startPrism } from '../../pipeline/prism.js';
import type { PrismServer } from '../../pipeline/prism.js';
import { correlation } from '../../runtime/correlation.js';
import { createProxyHandler } from './proxy-handler.js';
import type { ProxyHandler } from './proxy-handler.js';
import { findUpstream } from './upstream-settings.js';

const BASE = '/systems/billing/v1';
const generated = join(process.cwd(), 'generated', 'billing-system-v1');
const credentials = { apiAccessKeyId: 'junction-integration', apiSecretAccessKey: 's3cret' };

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(generated, file), 'utf8')) as Record<string, unknown>;
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('the billing system spec and its mock', () => {
  it('declares its upstream at the port its mock listens on, overridable by BILLING_SYSTEM_URL', () => {
    const document = readJson('openapi.json');
    const mock = readJson('mock.json') as { port: number };
    const scope = { apiId: 'billing-system-v1', document, operation: {}, method: 'get', path: '/' };
    expect(findUpstream(scope, {})).toStrictEqual({
      url: `http://127.0.0.1:${mock.port}`,
      timeoutMs: 10_000,
      connectTimeoutMs: 2_000,
    });
    expect(findUpstream(scope, { BILLING_SYSTEM_URL: 'https://billing.example.com' })?.url).toBe(
      'https://billing.example.com',
    );
  });
});

describe('the proxy in front of a Prism mock of the billing system', () => {
  let prism: PrismServer;
  let proxy: ProxyHandler;
  let gateway: Server;
  let origin = '';

  beforeAll(async () => {
    prism = await startPrism(join(generated, 'openapi.json'), '127.0.0.1', await freePort());
    proxy = createProxyHandler({ upstream: prism.url, timeoutMs: 10_000, basePath: BASE });
    const app = express();
    app.use(correlation(createLogger('silent')));
    app.use(BASE, proxy);
    gateway = app.listen(0, '127.0.0.1');
    await once(gateway, 'listening');
    origin = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    proxy.close();
    gateway.closeAllConnections();
    await new Promise((resolve) => gateway.close(resolve));
    prism.stop();
    await prism.exited;
  });

  it('answers a GET through the gateway with the example the spec declares', async () => {
    const response = await fetch(`${origin}${BASE}/v1/accounts/A00012345`, {
      headers: { ...credentials, 'x-correlation-id': 'prism-1' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-correlation-id')).toBe('prism-1');
    const body = (await response.json()) as {
      basicInfo: Record<string, unknown>;
      success: boolean;
    };
    expect(body.success).toBe(true);
    expect(body.basicInfo).toMatchObject({
      accountNumber: 'A00012345',
      name: 'Acme Robotics GmbH',
    });
  });

  it("passes the mock's own 401 through when the vendor credentials are missing", async () => {
    const response = await fetch(`${origin}${BASE}/v1/accounts/A00012345`);
    expect(response.status).toBe(401);
  });

  it('forwards the query string to the mock, which validates it and answers its declared 400', async () => {
    const valid = await fetch(`${origin}${BASE}/v1/accounts?page=1&pageSize=20`, {
      headers: credentials,
    });
    expect(valid.status).toBe(200);
    const invalid = await fetch(`${origin}${BASE}/v1/accounts?pageSize=not-a-number`, {
      headers: credentials,
    });
    expect(invalid.status).toBe(400);
  });
});
