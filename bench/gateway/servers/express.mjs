// Baseline 2: bare Express 5 with its JSON body parser and one GET route answering the JSON.
import express from 'express';

import { bodyFromEnv, reportReady } from './control.mjs';

const body = bodyFromEnv();
const app = express();
app.use(express.json());
app.get('/canonical/v1/organizations/:organizationId', (_req, res) => {
  res.json(body);
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  reportReady(address.port, () => new Promise((resolve) => server.close(() => resolve())));
});
