import { IncomingMessage, ServerResponse, type IncomingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';

import type { Request, Response } from 'express';
import { pino } from 'pino';

import type { Exchange, OperationScope } from '../../policy.js';

/** The operation the CORS tests run against. */
export const TEST_SCOPE: OperationScope = {
  apiId: 'canonical-v1',
  api: 'canonical',
  version: 'v1',
  operationId: 'listOrganizations',
  method: 'get',
  path: '/organizations',
  security: [],
  securitySchemes: {},
  document: {},
  operation: {},
};

/** An exchange over real Node request and response objects, not connected to a socket. */
export function createTestExchange(method: string, headers: IncomingHttpHeaders): Exchange {
  const req = new IncomingMessage(new Socket());
  req.method = method;
  req.url = '/organizations';
  req.headers = headers;
  const res = new ServerResponse(req);
  return {
    // The policy reads only the Node parts of Express's request and response.
    req: req as unknown as Request,
    res: res as unknown as Response,
    scope: TEST_SCOPE,
    log: pino({ level: 'silent' }),
    clientAddress: '127.0.0.1',
  };
}
