import type { MessageInteraction } from '../pact/index.js';
import type { DeclaredMessage } from './asyncapi-messages.js';
import type { Reason, SchemaFailure, Verdict } from './model.js';
import type { SchemaValidator } from './schema-validator.js';

/** An AsyncAPI document prepared for checking: its messages and a validator over it. */
export interface AsyncApiContext {
  messages: DeclaredMessage[];
  validator: SchemaValidator;
}

/**
 * Checks a message's contents against every message payload of the document. It passes when at
 * least one payload accepts it (the verdict names each that does); otherwise it fails with the
 * reasons of the payload it came closest to.
 */
export function checkMessage(interaction: MessageInteraction, context: AsyncApiContext): Verdict {
  const base = { description: interaction.description, kind: 'message' as const };
  if (interaction.contents === undefined)
    return { ...base, outcome: 'unsupported', detail: 'the message has no contents', reasons: [] };
  if (context.messages.length === 0) {
    const detail = 'the AsyncAPI document declares no message with a JSON Schema payload';
    return { ...base, outcome: 'unsupported', detail, reasons: [] };
  }
  const results = context.messages.map((message) => ({
    message,
    verdict: context.validator.validate(
      message.payload,
      interaction.contents?.value,
      'response',
      '/contents',
    ),
  }));
  const matched = results.filter(({ verdict }) => verdict.ok && verdict.failures.length === 0);
  if (matched.length > 0) {
    const names = matched.map(({ message }) => message.name).join(', ');
    return { ...base, outcome: 'pass', detail: `matches message ${names}`, reasons: [] };
  }
  const closest = results
    .flatMap(({ message, verdict }) =>
      verdict.ok ? [{ message, failures: verdict.failures }] : [],
    )
    .sort((a, b) => a.failures.length - b.failures.length)[0];
  if (!closest) {
    const detail = `no message payload can be compiled: ${results.map(({ verdict }) => (verdict.ok ? '' : verdict.reason))[0] ?? ''}`;
    return { ...base, outcome: 'unsupported', detail, reasons: [] };
  }
  const detail = `matches no message; closest is ${closest.message.name}`;
  return { ...base, outcome: 'fail', detail, reasons: closest.failures.map(toReason) };
}

function toReason(failure: SchemaFailure): Reason {
  return { code: 'invalid-message', ...failure };
}
