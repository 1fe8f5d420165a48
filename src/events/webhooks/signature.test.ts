import { describe, expect, it } from 'vitest';

import {
  generateWebhookSecret,
  secretKey,
  signatureHeaders,
  signWebhook,
  verifyWebhook,
} from './signature.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw7PyTfCFUa0k=';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const NOW = 1_614_265_330;
const BODY = Buffer.from('{"test": 2432232314}');
const TOLERANCE = { nowSeconds: NOW, toleranceSeconds: 300 };

describe('signWebhook', () => {
  it('signs id, timestamp and raw body with the decoded secret (cross-checked with Python hmac)', () => {
    expect(signWebhook(SECRET, ID, NOW, BODY)).toBe(
      'v1,6pacoMWjqjUau0ooj9mPhyyLaUu3M4rjOMyc4RiF78I=',
    );
  });

  it('makes secrets of whsec_ and 32 random bytes in base64, different every time', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secretKey(secret)).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});

describe('verifyWebhook', () => {
  const signed = signatureHeaders(SECRET, ID, NOW, BODY);

  it('accepts the headers signWebhook made, also among several signatures', () => {
    expect(verifyWebhook(SECRET, signed, BODY, TOLERANCE)).toBeUndefined();
    const rotated = { ...signed, 'webhook-signature': `v1,b2xk ${signed['webhook-signature']}` };
    expect(verifyWebhook(SECRET, rotated, BODY, TOLERANCE)).toBeUndefined();
  });

  it.each([
    ['no headers at all', {}, BODY, 'missing-headers'],
    ['no signature', { ...signed, 'webhook-signature': undefined }, BODY, 'missing-headers'],
    [
      'another secret',
      signatureHeaders(generateWebhookSecret(), ID, NOW, BODY),
      BODY,
      'bad-signature',
    ],
    ['a body changed by one space', signed, Buffer.from('{"test":  2432232314}'), 'bad-signature'],
    ['another id', { ...signed, 'webhook-id': 'msg_other' }, BODY, 'bad-signature'],
    [
      'a timestamp 301 s old',
      signatureHeaders(SECRET, ID, NOW - 301, BODY),
      BODY,
      'stale-timestamp',
    ],
    [
      'a timestamp 301 s ahead',
      signatureHeaders(SECRET, ID, NOW + 301, BODY),
      BODY,
      'stale-timestamp',
    ],
    [
      'a timestamp that is no number',
      { ...signed, 'webhook-timestamp': '1e9' },
      BODY,
      'stale-timestamp',
    ],
  ])('refuses %s', (_title, headers, body, reason) => {
    expect(verifyWebhook(SECRET, headers, body, TOLERANCE)?.reason).toBe(reason);
  });

  it('names the headers that arrived when some are missing', () => {
    const partial = { 'webhook-id': ID };
    expect(verifyWebhook(SECRET, partial, BODY, TOLERANCE)).toStrictEqual({
      reason: 'missing-headers',
      detail:
        'Expected the webhook-id, webhook-timestamp and webhook-signature headers, got only ' +
        "webhook-id; sign the callout with the source's secret.",
    });
  });

  it('quotes the timestamp and the tolerance when it is stale', () => {
    const stale = signatureHeaders(SECRET, ID, NOW - 600, BODY);
    expect(verifyWebhook(SECRET, stale, BODY, TOLERANCE)).toStrictEqual({
      reason: 'stale-timestamp',
      detail:
        "Expected a webhook-timestamp within 300 s of 1614265330, got '1614264730'; send the " +
        'callout with the current time.',
    });
  });
});
