import { readFileSync } from 'node:fs';

import { describeValue, isRecord } from './describe-value.js';
import { readHttpInteraction } from './http-interaction.js';
import { readMessage, readSyncMessage } from './message-interaction.js';
import type { Interaction, PactResult, PactVersion } from './model.js';
import { detectVersion } from './version.js';

/** Reads a pact file from disk; never throws, whatever the file holds. */
export function readPactFile(file: string): PactResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      problem: { code: 'unreadable', message: `cannot read the pact: ${reason}` },
    };
  }
  return readPactText(text);
}

/** Reads a pact from its JSON text; text that is not JSON is a problem, not an exception. */
export function readPactText(text: string): PactResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return { ok: false, problem: { code: 'not-json', message: `expected JSON, got ${reason}` } };
  }
  return readPact(json);
}

/**
 * Reads a parsed pact of any version. A value without an `interactions` or `messages` list is not
 * a pact; one whose declared version is unknown is refused rather than guessed at.
 */
export function readPact(json: unknown): PactResult {
  if (!isRecord(json) || !(Array.isArray(json.interactions) || Array.isArray(json.messages))) {
    const keys = isRecord(json)
      ? `an object with keys ${describeValue(Object.keys(json))}`
      : describeValue(json);
    const message = `not a pact file: expected an object with an "interactions" or "messages" list, got ${keys}`;
    return { ok: false, problem: { code: 'not-a-pact', message } };
  }
  const version = detectVersion(json);
  if (!version.ok) return version;
  const entries: unknown[] = [
    ...(Array.isArray(json.interactions) ? (json.interactions as unknown[]) : []),
    ...(Array.isArray(json.messages) ? json.messages.map(asMessage) : []),
  ];
  return {
    ok: true,
    pact: {
      consumer: nameOf(json.consumer),
      provider: nameOf(json.provider),
      version: version.version,
      versionSource: version.source,
      interactions: entries.map((entry, i) => readInteraction(entry, i, version.version)),
    },
  };
}

const MESSAGE_TYPE = 'V3 message';

function asMessage(entry: unknown): unknown {
  return isRecord(entry) ? { ...entry, type: MESSAGE_TYPE } : entry;
}

function readInteraction(entry: unknown, index: number, version: PactVersion): Interaction {
  if (!isRecord(entry)) {
    const reason = `expected an interaction object, got ${describeValue(entry)}`;
    return { kind: 'unsupported', description: `interaction ${index + 1}`, reason };
  }
  const description =
    typeof entry.description === 'string' ? entry.description : `interaction ${index + 1}`;
  const type = entry.type;
  if (type === MESSAGE_TYPE) return readMessage(entry, description, version === 'V4' ? 'V4' : 'V3');
  if (type === undefined || type === 'Synchronous/HTTP')
    return readHttpInteraction(entry, description, version);
  if (type === 'Asynchronous/Messages') return readMessage(entry, description, 'V4');
  if (type === 'Synchronous/Messages') return readSyncMessage(entry, description);
  const reason = `unsupported interaction type ${describeValue(type)}: expected Synchronous/HTTP, Asynchronous/Messages or Synchronous/Messages`;
  return { kind: 'unsupported', description, reason };
}

function nameOf(party: unknown): string {
  return isRecord(party) && typeof party.name === 'string' ? party.name : '';
}
