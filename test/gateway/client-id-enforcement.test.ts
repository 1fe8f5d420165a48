import { randomBytes } from 'node:crypto';

import { beforeAll, describe, expect, it } from 'vitest';

import { INVALID_CREDENTIALS } from '../../src/gateway/policies/client-id-enforcement/index.js';
import {
  basicAuthorization,
  expectProblem,
  send,
  useApp,
  waitFor,
  type Answer,
  type Problem,
  type RegisteredClient,
} from './harness.js';

describe('client-id-enforcement configured through the platform API on canonical-v1', () => {
  const suite = useApp();
  let client: RegisteredClient;
  let subscriptionId = '';
  const organizations = (headers: Record<string, string> = {}) =>
    send(suite.url('/canonical/v1/organizations'), { headers });
  const withBasic = (clientId: string, secret: string) =>
    organizations({ authorization: basicAuthorization(clientId, secret) });

  beforeAll(async () => {
    const { platform } = suite;
    client = await platform.registerClient();
    await platform.createPlan('reviewed', 'manual');
    subscriptionId = await platform.subscribe(client.clientId, 'canonical-v1', 'reviewed');
    await platform.putPolicy('canonical-v1', 'client-id-enforcement', {});
    await waitFor(organizations, (answer) => answer.status === 401, 'the policy');
  });

  it('challenges a request without credentials with 401 and WWW-Authenticate: Basic', async () => {
    const answer = await organizations();
    expectProblem(
      answer,
      401,
      'unauthorized',
      'The request carries no client credentials: expected the client_id and client_secret ' +
        'headers or an Authorization: Basic header.',
    );
    expect(answer.headers.get('www-authenticate')).toBe('Basic realm="canonical-v1"');
  });

  it('refuses an unknown client id and a wrong secret with the same answer', async () => {
    const unknown = await withBasic(randomClientId(), client.secret);
    const wrong = await withBasic(client.clientId, randomSecret());
    expect(withoutRequestIds(expectProblem(unknown, 401, 'unauthorized'))).toStrictEqual(
      withoutRequestIds(expectProblem(wrong, 401, 'unauthorized', INVALID_CREDENTIALS)),
    );
    expect(unknown.headers.get('www-authenticate')).toBe('Basic realm="canonical-v1"');
    expect(wrong.headers.get('www-authenticate')).toBe('Basic realm="canonical-v1"');
  });

  it('takes comparable time to refuse an unknown client id and a wrong secret', async ({
    annotate,
  }) => {
    // Fresh guesses each time: a repeated refused pair is answered from a cache.
    const unknownMs: number[] = [];
    const wrongMs: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      unknownMs.push(await timed(() => withBasic(randomClientId(), randomSecret())));
      wrongMs.push(await timed(() => withBasic(client.clientId, randomSecret())));
    }
    const ratio = median(unknownMs) / median(wrongMs);
    const measured = `unknown id ${listMs(unknownMs)}; wrong secret ${listMs(wrongMs)}`;
    expect(ratio, measured).toBeGreaterThan(0.33);
    expect(ratio, measured).toBeLessThan(3);
    await annotate(measured);
  });

  it('refuses the right secret with 403 forbidden while the subscription is pending', async () => {
    const answer = await withBasic(client.clientId, client.secret);
    expectProblem(
      answer,
      403,
      'forbidden',
      `Client "${client.clientId}"'s subscription to "canonical-v1" is pending approval: ` +
        'wait for an API owner to approve it.',
    );
  });

  it('admits the client by Basic or by headers once its subscription is approved', async () => {
    const approved = await suite.platform.client.PATCH('/subscriptions/{subscriptionId}', {
      params: { path: { subscriptionId } },
      body: { status: 'approved' },
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(approved.response.status).toBe(200);
    const admitted = await waitFor(
      () => withBasic(client.clientId, client.secret),
      (answer) => answer.status !== 403,
      'the approval',
    );
    expect(admitted.status, admitted.text).toBe(200);
    const byHeaders = await organizations({
      client_id: client.clientId,
      client_secret: client.secret,
    });
    expect(byHeaders.status, byHeaders.text).toBe(200);
  });

  it('refuses a revoked credential with 401 at once', async () => {
    const revoked = await suite.platform.client.DELETE(
      '/clients/{clientId}/credentials/{credentialId}',
      { params: { path: { clientId: client.clientId, credentialId: client.credentialId } } },
    );
    expect(revoked.response.status).toBe(204);
    const answer = await withBasic(client.clientId, client.secret);
    expectProblem(answer, 401, 'unauthorized', INVALID_CREDENTIALS);
    expect(answer.headers.get('www-authenticate')).toBe('Basic realm="canonical-v1"');
  });

  it('stops enforcing once the stored policy is deleted', async () => {
    await suite.platform.deletePolicy('canonical-v1', 'client-id-enforcement');
    await waitFor(organizations, (answer) => answer.status === 200, 'no client-id-enforcement');
  });
});

function randomClientId(): string {
  return `cli_${randomBytes(16).toString('base64url').slice(0, 22)}`;
}

function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The problem without what differs per request: its correlation id and instance. */
function withoutRequestIds(problem: Problem): Partial<Problem> {
  const rest: Partial<Problem> = { ...problem };
  delete rest.correlationId;
  delete rest.instance;
  return rest;
}

/** Milliseconds one refused request took, end to end. */
async function timed(request: () => Promise<Answer>): Promise<number> {
  const started = performance.now();
  const answer = await request();
  expect(answer.status).toBe(401);
  return performance.now() - started;
}

function listMs(values: readonly number[]): string {
  return `${values.map(Math.round).join(', ')} ms`;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
