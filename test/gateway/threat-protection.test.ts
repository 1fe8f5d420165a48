import { request as httpRequest } from 'node:http';

import { describe, expect, it } from 'vitest';

import { expectProblem, JSON_BODY, send, useApp, type Answer } from './harness.js';

describe('threat protection, implicit on every operation that is not proxied', () => {
  const suite = useApp();
  const organizations = (init: RequestInit = {}) =>
    send(suite.url('/canonical/v1/organizations'), init);

  it('refuses a __proto__ key in a JSON body with 400 forbidden-key, storing nothing', async () => {
    const body = '{"__proto__": {"admin": true}, "legalName": "Prototype Pollution Ltd"}';
    const refused = await organizations({ method: 'POST', headers: JSON_BODY, body });
    expectProblem(
      refused,
      400,
      'forbidden-key',
      'The property name "__proto__" at byte 1 is reserved: the names "__proto__", "constructor" ' +
        'and "prototype" can alter object prototypes; rename the property.',
      [{ in: 'body', pointer: '/__proto__', message: '"__proto__" is a reserved property name' }],
    );

    const created = await organizations({
      method: 'POST',
      headers: JSON_BODY,
      body: JSON.stringify({ legalName: 'Plain Objects GmbH' }),
    });
    expect(created.status, created.text).toBe(201);
    const { id } = JSON.parse(created.text) as { id: string };
    const read = await send(suite.url(`/canonical/v1/organizations/${id}`));
    expect(read.status).toBe(200);
    expect(JSON.parse(read.text)).not.toHaveProperty('admin');

    const listed = JSON.parse((await organizations()).text) as { data: Record<string, unknown>[] };
    expect(listed.data.map((organization) => organization.legalName)).toStrictEqual([
      'Plain Objects GmbH',
    ]);
    expect(listed.data.filter((organization) => 'admin' in organization)).toStrictEqual([]);
  });

  it('refuses __proto__ in the query string with 400 forbidden-key', async () => {
    const answer = await send(suite.url('/canonical/v1/organizations?__proto__[x]=1'));
    expectProblem(
      answer,
      400,
      'forbidden-key',
      'The query parameter "__proto__[x]" uses the reserved name "__proto__": the names ' +
        '"__proto__", "constructor" and "prototype" can alter object prototypes; ' +
        'rename the parameter.',
      [{ in: 'query', pointer: '/__proto__[x]', message: 'uses the reserved name "__proto__"' }],
    );
  });

  it('refuses JSON nested 10,000 deep with 400 body-too-complex and keeps answering', async () => {
    const body = '['.repeat(10_000) + ']'.repeat(10_000);
    const answer = await organizations({ method: 'POST', headers: JSON_BODY, body });
    // The limit derives from the depth of the request schema, plus one level of slack.
    expectProblem(
      answer,
      400,
      'body-too-complex',
      'The body is too complex: nesting depth 5 at byte 4 exceeds the limit of 4 (maxDepth); ' +
        'send a smaller body or ask the API owner to raise the threat-protection limit.',
      [{ in: 'body', pointer: '/0/0/0/0', message: 'exceeds maxDepth of 4' }],
    );
    const health = await send(suite.url('/healthz'));
    expect(health.status).toBe(200);
  });

  it('answers 413 payload-too-large from Content-Length before the body is sent', async () => {
    const answer = await sendFirstChunkOnly(suite.url('/canonical/v1/organizations'), 2_000_000);
    expectProblem(
      answer,
      413,
      'payload-too-large',
      'The body declares 2000000 bytes (Content-Length), more than the limit of 1048576 bytes; ' +
        'send a smaller body.',
    );
    expect(answer.headers.get('connection')).toBe('close');
    const health = await send(suite.url('/healthz'));
    expect(health.status).toBe(200);
  });
});

/**
 * Announces a JSON body of `declaredBytes`, writes its first kilobyte and waits for the answer
 * without ever writing the rest; fails if no answer arrives within 5 s.
 */
function sendFirstChunkOnly(url: string, declaredBytes: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: { ...JSON_BODY, 'content-length': String(declaredBytes) },
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('expected an answer before the rest of the body was sent'));
    }, 5_000);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === 'string') headers.set(name, value);
        }
        resolve({
          path: new URL(url).pathname,
          status: res.statusCode ?? 0,
          headers,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.write(`{"legalName": "${'x'.repeat(1_000)}`);
  });
}
