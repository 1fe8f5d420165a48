import type { Finding, Level } from '../model.js';

/**
 * The AsyncAPI rules, judged from the point of view of the application the document describes:
 * what it sends reaches subscribers (read like a response), what it receives comes from
 * publishers (written like a request). Payload and header schemas are judged by the schema rules.
 */
const RULES = {
  'channel-removed': {
    level: 'error',
    summary: 'a channel was removed; its subscribers and publishers have nowhere to connect',
  },
  'channel-added': { level: 'info', summary: 'a channel was added' },
  'channel-address-changed': {
    level: 'error',
    summary: 'a channel moved to another address; clients bound to the old one miss its messages',
  },
  'channel-server-removed': {
    level: 'warning',
    summary: 'a channel is no longer available on one of its servers',
  },
  'operation-removed': {
    level: 'error',
    summary:
      'an operation that was not deprecated was removed; subscribers stop getting what it ' +
      'sent, publishers to it are no longer read',
  },
  'operation-removed-without-sunset': {
    level: 'warning',
    summary: 'a deprecated operation that announced no sunset date was removed',
  },
  'operation-added': { level: 'info', summary: 'an operation was added' },
  'operation-action-changed': {
    level: 'error',
    summary: 'an operation turned from sending to receiving or back; every party on it breaks',
  },
  'operation-channel-changed': {
    level: 'error',
    summary: 'an operation moved to a channel at another address',
  },
  'operation-deprecated': { level: 'info', summary: 'an operation became deprecated' },
  'operation-reply-removed': {
    level: 'error',
    summary:
      'an operation no longer replies, or no longer waits for a reply; the other side waits ' +
      'in vain',
  },
  'operation-reply-address-changed': {
    level: 'error',
    summary: 'the reply of an operation goes to another address; the other side waits in vain',
  },
  'operation-reply-added': {
    level: 'warning',
    summary: 'an operation now has a reply the other side neither sends nor expects yet',
  },
  'message-removed': {
    level: 'error',
    summary:
      'a message left an operation; subscribers of a sent message stop getting it, ' +
      'publishers of a received one are no longer read',
  },
  'message-added': {
    level: 'info',
    summary: 'an operation that receives accepts one more message; publishers are not affected',
  },
  'sent-message-added': {
    level: 'warning',
    summary: 'an operation that sends may send one more message, which subscribers may not handle',
  },
  'message-content-type-changed': {
    level: 'error',
    summary: 'a message is encoded with another content type; the other side cannot decode it',
  },
  'message-schema-format-changed': {
    level: 'error',
    summary: 'a message payload is described in another schema format (JSON Schema, Avro, ...)',
  },
  'message-correlation-id-changed': {
    level: 'warning',
    summary: 'a message carries its correlation id somewhere else; request/reply matching breaks',
  },
  'server-removed': {
    level: 'warning',
    summary: 'a server was removed; clients configured for it must move to another',
  },
  'server-added': { level: 'info', summary: 'a server was added' },
  'server-protocol-changed': {
    level: 'warning',
    summary: 'a server speaks another protocol or protocol version',
  },
  'server-host-changed': { level: 'warning', summary: 'a server moved to another host or path' },
  'bindings-changed': {
    level: 'warning',
    summary: 'protocol bindings of a server, channel, operation or message changed',
  },
} as const satisfies Record<string, { summary: string; level: Level }>;

/** The id of one rule this module emits. */
export type AsyncApiRuleId = keyof typeof RULES;

/** Every rule the AsyncAPI diff emits, with its level and what it means for consumers. */
export const ASYNCAPI_RULES: Record<string, { summary: string; level: Level }> = RULES;

/** Builds a finding of `rule` at the level the catalogue gives it. */
export function finding(
  rule: AsyncApiRuleId,
  location: string,
  message: string,
  operation?: string,
): Finding {
  const result: Finding = { rule, level: RULES[rule].level, message, location };
  if (operation !== undefined) result.operation = operation;
  return result;
}
