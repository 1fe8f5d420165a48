import type { Logger } from '../observability/logger.js';
import type { RuntimeServices } from '../runtime/services.js';
import type { Store } from '../store/index.js';

/** What every hand-written handler receives beside its typed request. */
export interface ApiContext {
  store: Store;
  log: Logger;
  correlationId: string;
  /** The origin and base path this API is served under, for `Location` headers. */
  baseUrl: string;
  /**
   * The running gateway, for the platform API: which API versions are served and whether a
   * policy configuration is usable. The runtime always supplies it; it is absent only in tests
   * of handlers that do not need it, where nothing is checked against it.
   */
  gateway?: PlatformGateway;
  /** The runtime's services (event bus, job runner...); empty in handler tests that need none. */
  services?: RuntimeServices;
}

/** One API version the process serves, with its lifecycle, as the platform API lists it. */
export interface ApiVersionSummary {
  /** `canonical-v1` */
  apiId: string;
  /** `canonical` */
  name: string;
  /** `v1` */
  version: string;
  /** The spec's `info.title`. */
  title: string;
  /** `/canonical/v1` */
  basePath: string;
  /** Every `operationId` of the version. */
  operationIds: readonly string[];
  status: 'active' | 'deprecated';
  /** RFC 3339 date-time; set when `status` is `deprecated`. */
  deprecatedAt?: string;
  /** RFC 3339 date-time after which the version stops answering, when decided. */
  sunsetAt?: string;
}

/** What the gateway lends the platform API's handlers. */
export interface PlatformGateway {
  /** Every API version the process serves. */
  apis(): readonly ApiVersionSummary[];
  /**
   * Checks a policy configuration before it is stored, for the whole API version or, when
   * `operationId` is given, one operation. Returns the one-line reason it cannot be used, naming
   * the key and the value, or undefined when it can.
   */
  validatePolicy(
    apiId: string,
    policy: string,
    config: Readonly<Record<string, unknown>>,
    operationId?: string,
  ): string | undefined | Promise<string | undefined>;
}
