// The part of autocannon's programmatic API the gateway benchmark uses; the package ships no types.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  /** Options of one load run. */
  interface AutocannonOptions {
    url: string;
    connections?: number;
    pipelining?: number;
    /** Seconds. */
    duration?: number;
    /** Seconds to wait for a response before counting a timeout. */
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
  }

  /** Percentiles of a histogram as autocannon reports them. */
  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p99: number;
  }

  /** What a finished run reports. */
  interface AutocannonResult {
    /** Seconds, to two decimals. */
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    resets: number;
    statusCodeStats: Record<string, { count: number }>;
    latency: Histogram;
    requests: Histogram & { sent: number };
  }

  /** A running load run: an emitter of each response, and a promise of the result. */
  interface Instance extends EventEmitter, PromiseLike<AutocannonResult> {
    on(
      event: 'response',
      listener: (
        client: unknown,
        statusCode: number,
        bytes: number,
        responseTimeMs: number,
      ) => void,
    ): this;
    stop(): void;
  }

  function autocannon(options: AutocannonOptions): Instance;
  export default autocannon;
}
