// Baseline 1: bare node:http answering every request with the organization's JSON.
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';

import { bodyFromEnv, reportReady } from './control.mjs';

const body = bodyFromEnv();
const server = createServer((req, res) => {
  // Serialized per request, as a handler that reads a record would.
  const json = JSON.stringify(body);
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  reportReady(address.port, () => new Promise((resolve) => server.close(() => resolve())));
});
