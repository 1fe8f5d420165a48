import { describe, expect, it } from 'vitest';

import { createProxyHandler } from './proxy-handler.js';

describe('createProxyHandler', () => {
  it.each(['127.0.0.1:4010', 'ftp://127.0.0.1:4010', ''])(
    "refuses the upstream '%s', which is not an http or https URL",
    (upstream) => {
      expect(() => createProxyHandler({ upstream, timeoutMs: 1000, basePath: '/b' })).toThrow(
        `upstream '${upstream}' is not valid: expected an http:// or https:// URL`,
      );
    },
  );

  it('accepts an https upstream and closes its connection pool', () => {
    const handler = createProxyHandler({
      upstream: 'https://billing.example.com/api',
      timeoutMs: 1000,
      basePath: '/b',
    });
    expect(typeof handler).toBe('function');
    expect(() => handler.close()).not.toThrow();
  });
});
