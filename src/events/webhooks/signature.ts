import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The prefix of a webhook signing secret, as the Standard Webhooks scheme spells it. */
export const SECRET_PREFIX = 'whsec_';

/** The headers a signed webhook carries. */
export type SignatureHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** Why a signed webhook was refused; `undefined` from `verifyWebhook` means it was not. */
export type VerificationFailure =
  | { reason: 'missing-headers'; detail: string }
  | { reason: 'bad-signature'; detail: string }
  | { reason: 'stale-timestamp'; detail: string };

/** A new signing secret: `whsec_` and the base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** The key bytes of a secret: the base64 after the `whsec_` prefix, decoded. */
export function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(encoded, 'base64');
}

/**
 * The `v1,` signature of one webhook: base64 HMAC-SHA256, keyed with the secret's decoded bytes,
 * over `${id}.${timestamp}.${body}` with the body's raw bytes.
 * @see https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: Buffer): string {
  const mac = createHmac('sha256', secretKey(secret));
  mac.update(`${id}.${timestamp}.`);
  mac.update(body);
  return `v1,${mac.digest('base64')}`;
}

/** The three headers that sign `body` as webhook `id`, sent at `timestamp` (unix seconds). */
export function signatureHeaders(
  secret: string,
  id: string,
  timestamp: number,
  body: Buffer,
): SignatureHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, id, timestamp, body),
  };
}

/**
 * Checks a received webhook: all three headers present, the timestamp within `toleranceSeconds`
 * of `nowSeconds` either way, and one of the space-separated `v1,` signatures matching `body`
 * (compared in constant time). Returns why it fails, or undefined when it is authentic.
 */
export function verifyWebhook(
  secret: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  body: Buffer,
  options: { nowSeconds: number; toleranceSeconds: number },
): VerificationFailure | undefined {
  const id = single(headers['webhook-id']);
  const timestamp = single(headers['webhook-timestamp']);
  const signatures = single(headers['webhook-signature']);
  if (!id || !timestamp || !signatures) {
    return {
      reason: 'missing-headers',
      detail:
        'Expected the webhook-id, webhook-timestamp and webhook-signature headers, got ' +
        `${present({ id, timestamp, signatures })}; sign the callout with the source's secret.`,
    };
  }
  const seconds = /^[0-9]{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  if (!(Math.abs(options.nowSeconds - seconds) <= options.toleranceSeconds)) {
    return {
      reason: 'stale-timestamp',
      detail:
        `Expected a webhook-timestamp within ${options.toleranceSeconds} s of ` +
        `${options.nowSeconds}, got '${timestamp}'; send the callout with the current time.`,
    };
  }
  const expected = Buffer.from(signWebhook(secret, id, seconds, body));
  if (!signatures.split(' ').some((candidate) => sameBytes(Buffer.from(candidate), expected))) {
    return {
      reason: 'bad-signature',
      detail:
        'The webhook-signature does not match the body; sign the exact bytes sent with the ' +
        "source's secret.",
    };
  }
  return undefined;
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

function present(values: Record<string, string | undefined>): string {
  const names = Object.entries(values)
    .filter(([, value]) => value)
    .map(([name]) => `webhook-${name === 'signatures' ? 'signature' : name}`);
  return names.length === 0 ? 'none' : `only ${names.join(', ')}`;
}
