import {
  JetStreamApiCodes,
  JetStreamApiError,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { connect, nanos } from '@nats-io/transport-node';

import { assertStreamName, streamSubjects } from './names.js';

/** How long JetStream remembers a message id to drop a re-publish of it: two hours. */
export const DUPLICATE_WINDOW_MS = 2 * 60 * 60 * 1000;

/** How long an event stays in the stream: seven days, for consumers that were away. */
const MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Creates the stream of one deployment, or updates it to the settings below when it exists:
 * file storage, every `<stream>.events.>` subject, a two-hour duplicate window.
 */
export async function ensureStream(jsm: JetStreamManager, stream: string): Promise<void> {
  assertStreamName(stream);
  const config: Partial<StreamConfig> = {
    subjects: [streamSubjects(stream)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    max_age: nanos(MAX_AGE_MS),
  };
  if (await streamExists(jsm, stream)) {
    await jsm.streams.update(stream, config);
  } else {
    await jsm.streams.add({ name: stream, ...config });
  }
}

/** Deletes `stream` from the NATS server at `url`; resolves false when there was none. */
export async function deleteNatsStream(url: string, stream: string): Promise<boolean> {
  const connection = await connect({ servers: url, timeout: 5_000 });
  try {
    const jsm = await jetstreamManager(connection);
    if (!(await streamExists(jsm, stream))) return false;
    return await jsm.streams.delete(stream);
  } finally {
    await connection.close();
  }
}

async function streamExists(jsm: JetStreamManager, stream: string): Promise<boolean> {
  try {
    await jsm.streams.info(stream);
    return true;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) {
      return false;
    }
    throw err;
  }
}
