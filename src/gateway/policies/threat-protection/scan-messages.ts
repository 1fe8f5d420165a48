import type { ErrorCode } from '../../../runtime/errors.js';

/** Why a body reader refused a body: the problem code, its detail and the value it concerns. */
export interface ScanFailure {
  code: Extract<
    ErrorCode,
    | 'malformed-json'
    | 'malformed-xml'
    | 'body-too-complex'
    | 'forbidden-key'
    | 'unsupported-media-type'
  >;
  detail: string;
  /** The JSON pointer of the offending value or object, with a short message, when known. */
  field?: { pointer: string; message: string };
}

/** The property names refused in bodies and query strings, because they reach prototypes. */
export const RESERVED_NAMES: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Names a byte for a message: the character when printable ASCII, else its hex value. */
export function describeByte(byte: number | undefined): string {
  if (byte === undefined) return 'the end of the body';
  if (byte > 0x20 && byte < 0x7f) return `'${String.fromCharCode(byte)}'`;
  return `byte 0x${byte.toString(16).padStart(2, '0')}`;
}

/** The detail of a grammar error: what was expected, at which byte, and what arrived. */
export function malformedDetail(expected: string, at: number, found: string): string {
  return `The body is not valid JSON: expected ${expected} at byte ${at}, found ${found}.`;
}

/** The detail of a limit breach, naming the limit, its value and where it was crossed. */
export function limitDetail(what: string, at: number, max: number, limit: string): string {
  return (
    `The body is too complex: ${what} at byte ${at} exceeds the limit of ${max} (${limit}); ` +
    'send a smaller body or ask the API owner to raise the threat-protection limit.'
  );
}

/** The detail of a reserved property name found at byte `at` of a body. */
export function reservedKeyDetail(key: string, at: number): string {
  return (
    `The property name "${key}" at byte ${at} is reserved: ` +
    `the names ${quotedNames()} can alter object prototypes; rename the property.`
  );
}

/** The reserved names quoted for messages. */
export function quotedNames(): string {
  const quoted = RESERVED_NAMES.map((name) => `"${name}"`);
  return `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1) ?? ''}`;
}

/** Builds an RFC 6901 JSON pointer from reference tokens. */
export function jsonPointer(tokens: readonly string[]): string {
  return tokens.map((token) => '/' + token.replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}
