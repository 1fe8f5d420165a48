import { IncomingMessage, ServerResponse, type IncomingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';

import type { Request, Response } from 'express';
import { pino } from 'pino';

import { openStore, type Store, type StoreOptions } from '../../../store/index.js';
import type { Exchange, OperationScope, PolicyContext } from '../../policy.js';

/** An operation that needs `orders:read` through an oauth2 scheme, or an API key. */
export const ORDERS_SCOPE: OperationScope = {
  apiId: 'billing-v1',
  api: 'billing',
  version: 'v1',
  operationId: 'listOrders',
  method: 'get',
  path: '/orders',
  security: [{ oauth: ['orders:read'] }],
  securitySchemes: {
    oauth: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: '/oauth2/token' } } },
    apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
  },
  document: {},
  operation: {},
};

/** An exchange over real Node request and response objects, not connected to a socket. */
export function createTestExchange(
  headers: IncomingHttpHeaders,
  scope: OperationScope = ORDERS_SCOPE,
): Exchange {
  const req = new IncomingMessage(new Socket());
  req.method = scope.method.toUpperCase();
  req.url = scope.path;
  req.headers = headers;
  const res = new ServerResponse(req);
  return {
    // The policy reads only the Node parts of Express's request and response.
    req: req as unknown as Request,
    res: res as unknown as Response,
    scope,
    log: pino({ level: 'silent' }),
    clientAddress: '127.0.0.1',
  };
}

/** Opens a migrated store on `options`; its migrations create the signing-key table. */
export function openSigningKeyStore(options: StoreOptions): Promise<Store> {
  return openStore(options);
}

/** A policy context over `store` with a silent logger. */
export function createTestContext(store: Store, apiId = 'billing-v1'): PolicyContext {
  return { apiId, log: pino({ level: 'silent' }), store };
}

/** A clock the test moves by hand. */
export function createTestClock(start: string) {
  let now = new Date(start);
  return {
    now: () => now,
    advance(seconds: number) {
      now = new Date(now.getTime() + seconds * 1000);
    },
  };
}
