import type { Answer, FuzzRequest } from '../../src/contracts/fuzz/index.js';

/** A request sent to the app and the answer it got, for the failure message. */
export interface Exchange {
  request: FuzzRequest;
  url: string;
  answer: Answer;
}

/** Sends one generated request under `basePath` with the API's credentials. */
export async function sendRequest(
  origin: string,
  basePath: string,
  request: FuzzRequest,
  credentials: Record<string, string>,
): Promise<Exchange> {
  // RFC 3986 percent-encoding, as OpenAPI's `form` style serialises: a space is %20, never `+`.
  const query = request.query
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
  const url = `${origin}${basePath}${request.path}${query === '' ? '' : `?${query}`}`;
  const response = await fetch(url, {
    method: request.method,
    headers: { ...credentials, ...request.headers },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
  const answer = {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
  return { request, url, answer };
}

/** One failure, with everything needed to see and reproduce it. */
export function describeFailure(
  heading: string,
  exchange: Exchange,
  failures: readonly string[],
  seed: number,
): string {
  const { request, url, answer } = exchange;
  return [
    `${heading} (reproduce with JUNCTION_FUZZ_SEED=${seed})`,
    `  ${request.method} ${decodeURI(new URL(url).pathname + new URL(url).search)}`,
    ...(request.body === undefined ? [] : [`  body ${JSON.stringify(request.body)}`]),
    `  answered ${answer.status} '${answer.contentType}' ${answer.text.slice(0, 600)}`,
    ...failures.map((failure) => `  ${failure}`),
  ].join('\n');
}
