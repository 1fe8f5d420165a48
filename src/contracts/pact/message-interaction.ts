import { readRawBody, readV4Body } from './body.js';
import { describeValue, isRecord } from './describe-value.js';
import type {
  MessageInteraction,
  SyncMessageInteraction,
  UnsupportedInteraction,
} from './model.js';
import type { PactVersion } from './model.js';

/** Reads a V3 `messages` entry or a V4 `Asynchronous/Messages` interaction. */
export function readMessage(
  entry: Record<string, unknown>,
  description: string,
  version: PactVersion,
): MessageInteraction {
  const metadata = readMetadata(entry);
  const contentType = contentTypeOf(metadata);
  const contents =
    version === 'V4'
      ? readV4Body(entry.contents, contentType)
      : readRawBody(entry.contents, contentType);
  return { kind: 'message', description, contents, metadata };
}

/** Reads a V4 `Synchronous/Messages` interaction: one request message and its responses. */
export function readSyncMessage(
  entry: Record<string, unknown>,
  description: string,
): SyncMessageInteraction | UnsupportedInteraction {
  const { request, response } = entry;
  if (!isRecord(request) || !Array.isArray(response)) {
    const reason = `expected a synchronous message with a request object and a response list, got request ${describeValue(request)} and response ${describeValue(response)}`;
    return { kind: 'unsupported', description, reason };
  }
  return {
    kind: 'sync-message',
    description,
    request: readMessage(request, `${description} (request)`, 'V4'),
    responses: response
      .filter(isRecord)
      .map((reply, i) => readMessage(reply, `${description} (response ${i + 1})`, 'V4')),
  };
}

/** V3 writers spell it `metaData` or `metadata`. */
function readMetadata(entry: Record<string, unknown>): Record<string, unknown> {
  if (isRecord(entry.metadata)) return entry.metadata;
  return isRecord(entry.metaData) ? entry.metaData : {};
}

function contentTypeOf(metadata: Record<string, unknown>): string | undefined {
  const value = metadata.contentType ?? metadata['content-type'] ?? metadata['Content-Type'];
  return typeof value === 'string' ? value : undefined;
}
