export { createProxyHandler } from './proxy-handler.js';
export type { ProxyHandler, ProxyOptions } from './proxy-handler.js';
export { findUpstream, readUpstream, UPSTREAM_EXTENSION } from './upstream-settings.js';
export type { UpstreamScope, UpstreamSettings } from './upstream-settings.js';
export { resolvePlaceholders } from './env-placeholders.js';
export type { PlaceholderResult } from './env-placeholders.js';
export {
  HOP_BY_HOP_HEADERS,
  endToEndHeaders,
  upstreamRequestHeaders,
} from './forwarded-headers.js';
export type { ForwardingFacts } from './forwarded-headers.js';
export { targetPath } from './target-path.js';
export type { TargetPath } from './target-path.js';
