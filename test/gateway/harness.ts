import { afterAll, beforeAll, expect } from 'vitest';

import { createPlatformV1Client } from '../../generated/platform-v1/client.js';
import type { PlatformV1Client } from '../../generated/platform-v1/client.js';
import { ERROR_CATALOGUE } from '../../src/runtime/errors.js';
import type { ErrorCode } from '../../src/runtime/errors.js';
import { startTestApp } from '../running-app.js';
import type { RunningApp } from '../running-app.js';

/** How long a stored policy change may take to reach every gateway: the product's promise. */
export const PROPAGATION_LIMIT_MS = 5_000;

/** The media type of every problem document the gateway and the handlers answer with. */
export const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

/** The headers of a JSON request body. */
export const JSON_BODY = { 'content-type': 'application/json' };

/** A response read to its end, so that polling leaves no body unread. */
export interface Answer {
  /** The path the request went to, which a problem document names as its `instance`. */
  path: string;
  status: number;
  headers: Headers;
  text: string;
}

/** An RFC 9457 problem document as Junction writes it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  correlationId?: string;
  errors?: unknown[];
}

/** Sends one request and reads the whole answer. */
export async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const { pathname: path } = new URL(url);
  return { path, status: response.status, headers: response.headers, text: await response.text() };
}

/**
 * Repeats `request` until `done` accepts its answer, and returns that answer; fails with the last
 * answer once `PROPAGATION_LIMIT_MS` have passed.
 */
export async function waitFor(
  request: () => Promise<Answer>,
  done: (answer: Answer) => boolean,
  what: string,
): Promise<Answer> {
  const deadline = performance.now() + PROPAGATION_LIMIT_MS;
  for (;;) {
    const answer = await request();
    if (done(answer)) return answer;
    if (performance.now() > deadline) {
      throw new Error(
        `expected ${what} within ${PROPAGATION_LIMIT_MS} ms, got ${answer.status} ${answer.text}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Checks that an answer is the problem document of this status and code for its path, with the
 * correlation id of `X-Correlation-Id`, this detail when given and exactly these field errors
 * (none when not given); returns it.
 */
export function expectProblem(
  answer: Answer,
  status: number,
  code: ErrorCode,
  detail?: string,
  errors?: unknown[],
): Problem {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get('content-type')).toBe(PROBLEM_JSON);
  const problem = JSON.parse(answer.text) as Problem;
  expect(problem).toStrictEqual({
    type: `https://junction.dev/errors/${code}`,
    title: ERROR_CATALOGUE[code].title,
    status,
    code,
    detail: detail ?? (expect.any(String) as unknown),
    instance: answer.path,
    correlationId: answer.headers.get('x-correlation-id'),
    ...(errors === undefined ? {} : { errors }),
  });
  return problem;
}

/** `Authorization: Basic` for a client id and secret (RFC 7617 with the RFC 6749 2.3.1 form). */
export function basicAuthorization(clientId: string, secret: string): string {
  const encode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

/** A client registered through the platform API, with the one secret it was issued. */
export interface RegisteredClient {
  clientId: string;
  credentialId: string;
  secret: string;
}

/** The platform API of a running app, as its bootstrap admin key may use it. */
export class Platform {
  readonly client: PlatformV1Client;

  constructor(app: RunningApp) {
    if (!app.bootstrapKey) throw new Error('expected the app to have made a bootstrap admin key');
    this.client = createPlatformV1Client(app.url, {
      headers: { 'X-Admin-Key': app.bootstrapKey },
    });
  }

  /** Stores a policy configuration for a whole API version, or for one operation of it. */
  async putPolicy(
    apiId: string,
    policy: string,
    config: Record<string, unknown>,
    operationId?: string,
  ): Promise<void> {
    const { response, error } =
      operationId === undefined
        ? await this.client.PUT('/apis/{apiId}/policies/{policy}', {
            params: { path: { apiId, policy } },
            body: { config },
          })
        : await this.client.PUT('/apis/{apiId}/operations/{operationId}/policies/{policy}', {
            params: { path: { apiId, operationId, policy } },
            body: { config },
          });
    if (!response.ok)
      throw new Error(`PUT ${policy} answered ${response.status}`, { cause: error });
  }

  /** Removes a stored policy configuration. */
  async deletePolicy(apiId: string, policy: string, operationId?: string): Promise<void> {
    const { response } =
      operationId === undefined
        ? await this.client.DELETE('/apis/{apiId}/policies/{policy}', {
            params: { path: { apiId, policy } },
          })
        : await this.client.DELETE('/apis/{apiId}/operations/{operationId}/policies/{policy}', {
            params: { path: { apiId, operationId, policy } },
          });
    if (response.status !== 204) throw new Error(`DELETE ${policy} answered ${response.status}`);
  }

  /** Registers a client that may be granted these scopes, and issues it a secret. */
  async registerClient(allowedScopes: string[] = []): Promise<RegisteredClient> {
    const created = await this.client.POST('/clients', {
      body: { name: 'Gateway tests', contactEmail: 'gateway-tests@example.com', allowedScopes },
    });
    if (!created.data) throw new Error(`POST /clients answered ${created.response.status}`);
    const clientId = created.data.id;
    const issued = await this.client.POST('/clients/{clientId}/credentials', {
      params: { path: { clientId } },
    });
    if (!issued.data) throw new Error(`POST credentials answered ${issued.response.status}`);
    return { clientId, credentialId: issued.data.id, secret: issued.data.secret };
  }

  /** Creates a plan without rate limits whose subscriptions need approval or not. */
  async createPlan(id: string, approval: 'auto' | 'manual'): Promise<void> {
    const { response } = await this.client.POST('/plans', { body: { id, name: id, approval } });
    if (response.status !== 201) throw new Error(`POST /plans answered ${response.status}`);
  }

  /** Subscribes a client to an API version on a plan; returns the subscription id. */
  async subscribe(clientId: string, apiId: string, planId: string): Promise<string> {
    const { data, response } = await this.client.POST('/subscriptions', {
      body: { clientId, apiId, planId },
    });
    if (!data) throw new Error(`POST /subscriptions answered ${response.status}`);
    return data.id;
  }
}

/** The app a describe block runs against, started before its tests and closed after them. */
export interface SuiteApp {
  readonly app: RunningApp;
  readonly platform: Platform;
  /** `app.url` followed by `path`. */
  url(path: string): string;
}

/** Starts a fresh app (SQLite by default) for the enclosing describe block. */
export function useApp(dialect: 'sqlite' | 'postgres' = 'sqlite'): SuiteApp {
  let started: { app: RunningApp; platform: Platform } | undefined;
  const current = () => {
    if (!started) throw new Error('the app is started in beforeAll; use it inside a test');
    return started;
  };
  beforeAll(async () => {
    const app = await startTestApp(dialect);
    started = { app, platform: new Platform(app) };
  });
  afterAll(() => started?.app.close());
  return {
    get app() {
      return current().app;
    },
    get platform() {
      return current().platform;
    },
    url: (path) => `${current().app.url}${path}`,
  };
}
