/**
 * Deprecation of API versions and operations as the spec declares it, turned into the response
 * headers of RFC 9745 (`Deprecation`), RFC 8594 (`Sunset`) and RFC 8288 (`Link`).
 *
 * A whole API version is deprecated by the document-level extension
 *
 * ```yaml
 * x-junction-deprecation:
 *   deprecatedAt: '2026-12-01T00:00:00Z' # required: when it was or will be deprecated
 *   sunset: '2027-06-30T00:00:00Z'       # optional: when it stops answering
 *   link: /docs/canonical-v2/            # optional: the migration guide (rel="deprecation")
 *   successor: /canonical/v2             # optional: the version to move to
 * ```
 *
 * One operation is deprecated by `deprecated: true`, with the optional extensions
 * `x-junction-deprecated-at` and `x-junction-sunset` (RFC 3339 date-times). An operation's own
 * dates win over the document's; the document's link and successor apply to every operation.
 * RFC 9745 gives `Deprecation` no value without a date, so an operation deprecated with no date
 * of its own or of its document sends only the `Sunset` and `Link` it has, never a made-up date.
 */

/** The lifecycle of one API version, as the platform API's `GET /apis` lists it. */
export type ApiVersionStatus =
  { status: 'active' } | { status: 'deprecated'; deprecatedAt: string; sunsetAt?: string };

/** The document-level deprecation of an API version, validated. */
interface DocumentDeprecation {
  deprecatedAt: Instant;
  sunset?: Instant;
  link?: string;
  successor?: string;
}

/** A validated date: as written in the spec and as milliseconds since the epoch. */
interface Instant {
  text: string;
  ms: number;
}

type SpecObject = Readonly<Record<string, unknown>>;

const DOCUMENT_KEY = 'x-junction-deprecation';
const DOCUMENT_FIELDS = ['deprecatedAt', 'sunset', 'link', 'successor'];
const OPERATION_DATE_KEY = 'x-junction-deprecated-at';
const OPERATION_SUNSET_KEY = 'x-junction-sunset';

const documents = new WeakMap<SpecObject, DocumentDeprecation | null>();
const operations = new WeakMap<SpecObject, WeakMap<SpecObject, Readonly<Record<string, string>>>>();

/**
 * The deprecation headers every response of `operation` carries, or `{}` when neither the
 * operation nor its document is deprecated. Throws an Error naming the API, the extension key and
 * the value when the spec's deprecation is malformed; call it once per operation at start-up to
 * surface such errors before the first request. Results are cached per document and operation.
 *
 * @example
 * deprecationHeaders(document, document.paths['/organizations'].get);
 * // {
 * //   Deprecation: '@1796083200',
 * //   Sunset: 'Wed, 30 Jun 2027 00:00:00 GMT',
 * //   Link: '</docs/canonical-v2/>; rel="deprecation", </docs/canonical-v2/>; rel="sunset"',
 * // }
 */
export function deprecationHeaders(
  document: SpecObject,
  operation: SpecObject,
): Record<string, string> {
  let known = operations.get(document);
  if (!known) operations.set(document, (known = new WeakMap()));
  const cached = known.get(operation);
  if (cached) return { ...cached };
  const headers = buildHeaders(document, operation);
  known.set(operation, Object.freeze(headers));
  return { ...headers };
}

/**
 * Whether an API version is deprecated, and its dates as the spec writes them. A version whose
 * document carries `x-junction-deprecation` is `deprecated` from the moment the deprecation is
 * announced, also while `deprecatedAt` is still ahead. Throws as `deprecationHeaders` does.
 */
export function apiVersionStatus(document: SpecObject): ApiVersionStatus {
  const deprecation = documentDeprecation(document);
  if (!deprecation) return { status: 'active' };
  const { deprecatedAt, sunset } = deprecation;
  return sunset
    ? { status: 'deprecated', deprecatedAt: deprecatedAt.text, sunsetAt: sunset.text }
    : { status: 'deprecated', deprecatedAt: deprecatedAt.text };
}

function buildHeaders(document: SpecObject, operation: SpecObject): Record<string, string> {
  const inherited = documentDeprecation(document);
  const own = operationDeprecation(document, operation);
  if (!inherited && !own) return {};

  const deprecatedAt = own?.deprecatedAt ?? inherited?.deprecatedAt;
  const sunset = own?.sunset ?? inherited?.sunset;
  if (deprecatedAt && sunset) checkOrder(apiName(document), deprecatedAt, sunset);

  const headers: Record<string, string> = {};
  // RFC 9745 §2.1: an sf-date, whole seconds since the epoch. It has no form without a date, so
  // an operation deprecated without one sends the Link and Sunset it has and no Deprecation.
  if (deprecatedAt) headers.Deprecation = `@${Math.floor(deprecatedAt.ms / 1000)}`;
  // RFC 8594 §3: an HTTP-date, which toUTCString writes as IMF-fixdate.
  if (sunset) headers.Sunset = new Date(sunset.ms).toUTCString();
  const link = linkValue(inherited, sunset !== undefined);
  if (link) headers.Link = link;
  return headers;
}

function linkValue(deprecation: DocumentDeprecation | null, hasSunset: boolean): string {
  const links: string[] = [];
  if (deprecation?.link) {
    links.push(`<${deprecation.link}>; rel="deprecation"`);
    if (hasSunset) links.push(`<${deprecation.link}>; rel="sunset"`);
  }
  if (deprecation?.successor) links.push(`<${deprecation.successor}>; rel="successor-version"`);
  return links.join(', ');
}

/** The operation's own deprecation; its date extensions without `deprecated: true` are an error. */
function operationDeprecation(
  document: SpecObject,
  operation: SpecObject,
): { deprecatedAt?: Instant; sunset?: Instant } | null {
  const id = typeof operation.operationId === 'string' ? operation.operationId : '(no id)';
  const where = `${apiName(document)} operation ${id}`;
  const deprecatedAt = readInstant(where, OPERATION_DATE_KEY, operation[OPERATION_DATE_KEY]);
  const sunset = readInstant(where, OPERATION_SUNSET_KEY, operation[OPERATION_SUNSET_KEY]);
  if (operation.deprecated !== true) {
    const stray = deprecatedAt ? OPERATION_DATE_KEY : sunset ? OPERATION_SUNSET_KEY : undefined;
    if (stray) throw specError(where, 'deprecated', operation.deprecated, `true beside ${stray}`);
    return null;
  }
  return { ...(deprecatedAt && { deprecatedAt }), ...(sunset && { sunset }) };
}

function documentDeprecation(document: SpecObject): DocumentDeprecation | null {
  const cached = documents.get(document);
  if (cached !== undefined) return cached;
  const parsed = parseDocumentDeprecation(apiName(document), document[DOCUMENT_KEY]);
  documents.set(document, parsed);
  return parsed;
}

function parseDocumentDeprecation(api: string, raw: unknown): DocumentDeprecation | null {
  if (raw === undefined) return null;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw specError(api, DOCUMENT_KEY, raw, 'an object with deprecatedAt, sunset and link');
  }
  const fields = raw as Record<string, unknown>;
  const unknown = Object.keys(fields).find((key) => !DOCUMENT_FIELDS.includes(key));
  if (unknown !== undefined) {
    throw new Error(
      `${api}: ${DOCUMENT_KEY} has the unknown key '${unknown}'; ` +
        `expected only ${DOCUMENT_FIELDS.join(', ')}`,
    );
  }
  const deprecatedAt = readInstant(api, `${DOCUMENT_KEY}.deprecatedAt`, fields.deprecatedAt);
  if (!deprecatedAt) {
    throw specError(api, `${DOCUMENT_KEY}.deprecatedAt`, undefined, DATE_EXPECTATION);
  }
  const sunset = readInstant(api, `${DOCUMENT_KEY}.sunset`, fields.sunset);
  if (sunset) checkOrder(api, deprecatedAt, sunset);
  const link = readLink(api, `${DOCUMENT_KEY}.link`, fields.link);
  const successor = readLink(api, `${DOCUMENT_KEY}.successor`, fields.successor);
  return {
    deprecatedAt,
    ...(sunset && { sunset }),
    ...(link !== undefined && { link }),
    ...(successor !== undefined && { successor }),
  };
}

const DATE_EXPECTATION = "an RFC 3339 date-time such as '2027-06-30T00:00:00Z'";
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Reads an RFC 3339 date-time (§5.6), refusing dates a calendar does not have. */
function readInstant(api: string, key: string, value: unknown): Instant | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? parseDateTime(value) : undefined;
  if (ms === undefined) throw specError(api, key, value, DATE_EXPECTATION);
  return { text: value as string, ms };
}

function parseDateTime(text: string): number | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map(Number);
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(local);
  const sameDay =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!sameDay || hour > 23 || minute > 59 || second > 59) return undefined;
  const fraction = Math.floor(Number(match[7] ?? 0) * 1000);
  const sign = match[9] === '-' ? -1 : 1;
  const offset = match[8] ? 0 : sign * (Number(match[10]) * 60 + Number(match[11])) * 60_000;
  return local + fraction - offset;
}

/** A link target goes into a Link header between angle brackets, so it may not break out. */
function readLink(api: string, key: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^[^\s<>"]+$/.test(value)) return value;
  throw specError(api, key, value, 'a URI reference without spaces, quotes or angle brackets');
}

/** RFC 9745 §4: the sunset may not come before the deprecation. */
function checkOrder(api: string, deprecatedAt: Instant, sunset: Instant): void {
  if (sunset.ms >= deprecatedAt.ms) return;
  throw new Error(
    `${api}: sunset '${sunset.text}' is earlier than deprecatedAt '${deprecatedAt.text}'; ` +
      'a version can only be switched off after it is deprecated (RFC 9745 section 4)',
  );
}

function apiName(document: SpecObject): string {
  const info = document.info as { title?: unknown; version?: unknown } | undefined;
  const title = typeof info?.title === 'string' ? info.title : 'API';
  return typeof info?.version === 'string' ? `${title} ${info.version}` : title;
}

function specError(api: string, key: string, value: unknown, expected: string): Error {
  const shown = value === undefined ? 'missing' : JSON.stringify(value);
  return new Error(`${api}: ${key} is ${shown}; expected ${expected}`);
}
