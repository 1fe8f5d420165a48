import { randomUUID } from 'node:crypto';

import type { Logger } from '../../observability/logger.js';
import type { Store } from '../../store/index.js';
import {
  claimDueDeliveries,
  recordAttempt,
  type AttemptOutcome,
  type ClaimedDelivery,
} from './deliveries.js';
import { retryDelay } from './retry-schedule.js';
import type { DeliverySettings } from './settings.js';
import { signatureHeaders } from './signature.js';
import { getWebhook } from './webhooks.js';

/** A running delivery worker. */
export interface DeliveryWorker {
  /** Looks for due deliveries now instead of at the next poll. */
  wake(): void;
  /** Stops polling and waits for the attempts under way. */
  stop(): Promise<void>;
}

/**
 * Starts the loop that POSTs due deliveries to their webhooks. Each delivery is leased before it
 * is sent, so workers in several processes never send the same attempt twice; the lease outlasts
 * the attempt timeout by a wide margin.
 */
export function startDeliveryWorker(
  store: Store,
  settings: DeliverySettings,
  logger: Logger,
): DeliveryWorker {
  const holder = `webhooks-${randomUUID()}`;
  const leaseMs = settings.timeoutMs * 2 + 5_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delayMs);
  };
  const tick = () => {
    if (running) {
      again = true;
      return;
    }
    running = runBatch(store, holder, settings, leaseMs, logger)
      .catch((err: unknown) => logger.error({ err }, 'webhook delivery batch failed'))
      .then((full) => {
        running = undefined;
        const more = again || full === true;
        again = false;
        schedule(more ? 0 : settings.pollIntervalMs);
      });
  };
  schedule(0);
  return {
    wake: () => schedule(0),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** Sends one batch; true when it was full, so more may be due. */
async function runBatch(
  store: Store,
  holder: string,
  settings: DeliverySettings,
  leaseMs: number,
  logger: Logger,
): Promise<boolean> {
  const claimed = await claimDueDeliveries(store, holder, { limit: settings.batchSize, leaseMs });
  await Promise.all(claimed.map((delivery) => deliver(store, holder, delivery, settings, logger)));
  return claimed.length === settings.batchSize;
}

async function deliver(
  store: Store,
  holder: string,
  delivery: ClaimedDelivery,
  settings: DeliverySettings,
  logger: Logger,
): Promise<void> {
  const log = logger.child({ deliveryId: delivery.id, webhookId: delivery.webhookId });
  const webhook = await getWebhook(store, delivery.webhookId);
  const startedAt = new Date();
  const answer = webhook
    ? await post(webhook.url, webhook.secret, delivery, settings.timeoutMs)
    : { error: `webhook '${delivery.webhookId}' no longer exists` };
  const durationMs = Date.now() - startedAt.getTime();
  const outcome: AttemptOutcome = {
    startedAt,
    durationMs,
    ...answer,
    next: nextStep(delivery, answer, settings.retryScheduleMs),
  };
  const recorded = await recordAttempt(store, delivery, holder, outcome);
  const fields = { attempt: delivery.attempts + 1, durationMs, ...answer, next: outcome.next.kind };
  if (!recorded) log.warn(fields, 'webhook lease lost before the attempt was recorded');
  else if (outcome.next.kind === 'dead-lettered') log.error(fields, 'webhook dead-lettered');
  else if (outcome.next.kind === 'retry') log.warn(fields, 'webhook attempt failed');
  else log.info(fields, 'webhook delivered');
}

/** What one POST came to: the status code, or the error when no answer came. */
type Answer = { statusCode: number } | { error: string };

async function post(
  url: string,
  secret: string,
  delivery: ClaimedDelivery,
  timeoutMs: number,
): Promise<Answer> {
  const body = Buffer.from(delivery.body);
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Junction-Webhooks/1',
        ...signatureHeaders(secret, delivery.eventId, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The body is not used; reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    return { statusCode: response.status };
  } catch (err) {
    return { error: describeFailure(err, timeoutMs) };
  }
}

function nextStep(
  delivery: ClaimedDelivery,
  answer: Answer,
  schedule: readonly number[],
): AttemptOutcome['next'] {
  if ('statusCode' in answer && answer.statusCode >= 200 && answer.statusCode < 300) {
    return { kind: 'delivered' };
  }
  const attempt = delivery.attempts + 1;
  const delay = retryDelay(schedule, attempt);
  if (delay !== undefined) return { kind: 'retry', at: Date.now() + delay };
  const last = 'statusCode' in answer ? `answered ${answer.statusCode}` : answer.error;
  return {
    kind: 'dead-lettered',
    reason: `Gave up after ${attempt} attempts; the last one ${last}.`,
  };
}

function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `did not answer within ${timeoutMs} ms`;
  }
  const cause = err instanceof Error ? (err.cause as { code?: string } | undefined) : undefined;
  const reason = cause?.code ?? (err instanceof Error ? err.message : String(err));
  return `failed to connect (${reason})`;
}
