import { createHash } from 'node:crypto';

/** What a stream name may hold: JetStream forbids dots, wildcards, whitespace and slashes. */
const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** A dot-separated reverse-DNS event type whose every token is a valid NATS subject token. */
const EVENT_TYPE = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * The JetStream stream of one deployment: `JUNCTION_NATS_STREAM` when set, else `JUNCTION_` and a short
 * hash of `identity` (the database the process opens), so processes that share a database share
 * a stream and every test database gets its own.
 * @example natsStreamName('postgres://db.internal/junction', process.env) // 'JUNCTION_65bb0bc8eeed'
 */
export function natsStreamName(identity: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.JUNCTION_NATS_STREAM ?? '';
  if (configured === '') return `JUNCTION_${shortHash(identity)}`;
  if (!STREAM_NAME.test(configured)) {
    throw new Error(
      `expected JUNCTION_NATS_STREAM to be 1 to 64 letters, digits, "_" or "-", ` +
        `got "${configured}"; choose a name without dots, wildcards or spaces`,
    );
  }
  return configured;
}

/** Throws unless `stream` is a name JetStream accepts and subjects can start with. */
export function assertStreamName(stream: string): void {
  if (STREAM_NAME.test(stream)) return;
  throw new Error(
    `expected a stream name of 1 to 64 letters, digits, "_" or "-", got "${stream}"; ` +
      'derive one with natsStreamName',
  );
}

/** Every subject the stream captures: `<stream>.events.>`. */
export function streamSubjects(stream: string): string {
  return `${stream}.events.>`;
}

/** The subject an event of `type` is published on: `<stream>.events.<type>`. */
export function eventSubject(stream: string, type: string): string {
  if (!EVENT_TYPE.test(type)) {
    throw new Error(
      `expected an event type of dot-separated letters, digits, "_" or "-", got "${type}"; ` +
        'use a reverse-DNS type such as com.junction.canonical.order.created.v1',
    );
  }
  return `${stream}.events.${type}`;
}

/**
 * The durable consumer name of a consumer: its name when JetStream accepts it, else the name with
 * every other character replaced by `_` and a short hash, so two names never collide.
 */
export function durableName(consumer: string): string {
  if (STREAM_NAME.test(consumer)) return consumer;
  const safe = consumer.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 48);
  return `${safe}_${shortHash(consumer)}`;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
