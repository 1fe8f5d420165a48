import { describe, expect, it } from 'vitest';

import { resolvePlaceholders } from './env-placeholders.js';

const env = { BILLING_SYSTEM_URL: 'http://billing.internal:8443', EMPTY: '', PORT: '4010' };

describe('resolvePlaceholders', () => {
  const resolved = [
    {
      name: 'keeps text without placeholders',
      text: 'http://127.0.0.1:4010',
      want: 'http://127.0.0.1:4010',
    },
    {
      name: 'takes a set variable',
      text: '${BILLING_SYSTEM_URL}',
      want: 'http://billing.internal:8443',
    },
    {
      name: 'prefers a set variable to the default',
      text: '${BILLING_SYSTEM_URL:-http://x}',
      want: 'http://billing.internal:8443',
    },
    {
      name: 'uses the default of an unset variable',
      text: '${NOT_SET:-http://127.0.0.1:4010}',
      want: 'http://127.0.0.1:4010',
    },
    {
      name: 'uses the default of an empty variable, as shells do',
      text: '${EMPTY:-fallback}',
      want: 'fallback',
    },
    { name: 'accepts an empty default', text: 'a${NOT_SET:-}b', want: 'ab' },
    {
      name: 'resolves several placeholders in one value',
      text: 'http://${HOST:-127.0.0.1}:${PORT}/api',
      want: 'http://127.0.0.1:4010/api',
    },
    {
      name: 'leaves a dollar that opens no placeholder',
      text: 'price$5 and $PORT',
      want: 'price$5 and $PORT',
    },
  ];
  it.each(resolved)('$name', ({ text, want }) => {
    expect(resolvePlaceholders(text, env)).toStrictEqual({ ok: true, value: want });
  });

  const failures = [
    {
      name: 'refuses an unset variable without a default',
      text: 'http://${UPSTREAM_HOST}/',
      expected:
        'the environment variable UPSTREAM_HOST to be set, or a default as in ${UPSTREAM_HOST:-value}',
    },
    {
      name: 'refuses an empty variable without a default',
      text: '${EMPTY}',
      expected: 'the environment variable EMPTY to be set, or a default as in ${EMPTY:-value}',
    },
    {
      name: 'refuses a placeholder whose name is not an identifier',
      text: '${1PORT:-4010}',
      expected: "placeholders of the form ${NAME} or ${NAME:-default}, not '${1PORT:-4010}'",
    },
    {
      name: 'refuses an empty placeholder',
      text: 'http://${}',
      expected: "placeholders of the form ${NAME} or ${NAME:-default}, not '${}'",
    },
    {
      name: 'refuses a default of another form than :-',
      text: '${PORT-4010}',
      expected: "placeholders of the form ${NAME} or ${NAME:-default}, not '${PORT-4010}'",
    },
    {
      name: 'refuses a nested placeholder',
      text: '${A:-${B}}',
      expected: "placeholders of the form ${NAME} or ${NAME:-default}, not '${A:-${B}'",
    },
    {
      name: 'refuses an unterminated placeholder',
      text: 'http://${BILLING_SYSTEM_URL',
      expected: "every '${' closed by '}'",
    },
  ];
  it.each(failures)('$name', ({ text, expected }) => {
    expect(resolvePlaceholders(text, env)).toStrictEqual({ ok: false, expected });
  });

  it('reads process.env when no environment is given', () => {
    process.env.JUNCTION_PLACEHOLDER_TEST = 'from-process';
    try {
      expect(resolvePlaceholders('${JUNCTION_PLACEHOLDER_TEST}')).toStrictEqual({
        ok: true,
        value: 'from-process',
      });
    } finally {
      delete process.env.JUNCTION_PLACEHOLDER_TEST;
    }
  });
});
