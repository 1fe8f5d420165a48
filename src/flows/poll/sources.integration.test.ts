import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { POLL_SOURCES } from './sources.js';

const listCustomerPayments = POLL_SOURCES['erp-system-v1']!.listCustomerPayments!;

describe('the ERP customer payments poll source', () => {
  let server: Server;
  let url: string;
  let seen: { url: string; headers: IncomingHttpHeaders }[];
  let answer: { status: number; body: unknown };

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ url: request.url ?? '', headers: request.headers });
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen = [];
    answer = { status: 200, body: { items: [{ id: '1003' }], hasMore: false } };
  });

  it('sends the ERP bearer token with the watermark query and returns the page', async () => {
    const env = { ERP_SYSTEM_URL: url, ERP_SYSTEM_ACCESS_TOKEN: 'erp-token' };

    const page = await listCustomerPayments(
      { since: '2026-11-20T10:00:00Z', limit: 10, offset: 20 },
      env,
    );

    expect(page).toStrictEqual({ items: [{ id: '1003' }], hasMore: false });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers.authorization).toBe('Bearer erp-token');
    const query = new URL(seen[0]!.url, url).searchParams;
    expect(Object.fromEntries(query)).toStrictEqual({
      limit: '10',
      offset: '20',
      q: 'lastModifiedDate ON_OR_AFTER "2026-11-20T10:00:00Z"',
    });
  });

  it('sends no Authorization header when no token is configured', async () => {
    await listCustomerPayments({ since: null, limit: 10, offset: 0 }, { ERP_SYSTEM_URL: url });

    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(new URL(seen[0]!.url, url).searchParams.has('q')).toBe(false);
  });

  it('names the system, the operation, the status and the detail when the ERP refuses', async () => {
    answer = {
      status: 401,
      body: {
        'o:errorDetails': [{ detail: 'Invalid login attempt.', 'o:errorCode': 'INVALID_LOGIN' }],
      },
    };

    await expect(
      listCustomerPayments({ since: null, limit: 10, offset: 0 }, { ERP_SYSTEM_URL: url }),
    ).rejects.toThrow('erp-system-v1 listCustomerPayments answered 401: Invalid login attempt.');
  });
});
