import autocannon from 'autocannon';

/** One kind of request, sent over and over by every connection. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** How hard to load: fixed connections, no pipelining, a fixed duration. */
export interface LoadShape {
  connections: number;
  seconds: number;
}

/** What one load run measured. */
export interface LoadResult {
  /** Responses received. */
  responses: number;
  reqPerSec: number;
  /** Latency percentiles of every response, whatever its status, in milliseconds. */
  p50Ms: number;
  p99Ms: number;
  /** Responses by status code. */
  statuses: Record<string, number>;
  /** Connection errors and timeouts; both should be 0. */
  errors: number;
  timeouts: number;
}

/**
 * Loads `url` with autocannon (pipelining 1) for the given time. Latencies are taken from each
 * response at full precision, because autocannon's own histogram rounds to whole milliseconds.
 */
export async function runLoad(
  url: string,
  request: LoadRequest,
  shape: LoadShape,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: `${url}${request.path}`,
    method: request.method,
    headers:
      request.body === undefined
        ? request.headers
        : { ...request.headers, 'content-type': 'application/json' },
    ...(request.body === undefined ? {} : { body: request.body }),
    connections: shape.connections,
    pipelining: 1,
    duration: shape.seconds,
    timeout: 10,
  });
  instance.on('response', (_client, _status, _bytes, responseTimeMs) => {
    latencies.push(responseTimeMs);
  });
  const result = await instance;
  const statuses: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats))
    statuses[status] = count;
  const responses = latencies.length;
  return {
    responses,
    reqPerSec: result.duration > 0 ? responses / result.duration : 0,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** The nearest-rank percentile of the values; 0 when there are none. */
export function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] ?? 0;
}
