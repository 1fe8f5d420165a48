/** A `Content-Type` value split into its lower-case essence and its parameters. */
export interface MediaType {
  /** `application/merge-patch+json` */
  essence: string;
  /** Parameter names in lower case, values unquoted. */
  parameters: Record<string, string>;
}

/** How the gateway reads a body of a media type: JSON, XML, or not at all. */
export type BodyKind = 'json' | 'xml' | undefined;

const JSON_ESSENCE = /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json$/;
const XML_ESSENCE = /^[a-z]+\/(?:[a-z0-9!#$&^_.-]+\+)?xml$/;

/** Parses a `Content-Type` header (RFC 9110 §8.3.1); undefined when it is absent or empty. */
export function parseMediaType(header: string | undefined): MediaType | undefined {
  if (header === undefined) return undefined;
  const [essence = '', ...pairs] = header.split(';');
  const type = essence.trim().toLowerCase();
  if (type === '') return undefined;
  const parameters: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 0) continue;
    const name = pair.slice(0, at).trim().toLowerCase();
    parameters[name] = pair
      .slice(at + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return { essence: type, parameters };
}

/**
 * Reads `application/json` and `application/*+json` as JSON; `application/xml`, `text/xml` and
 * any `*\/*+xml` (SOAP, Atom) as XML; every other media type is left to the operation.
 */
export function bodyKind(media: MediaType): BodyKind {
  if (JSON_ESSENCE.test(media.essence)) return 'json';
  if (XML_ESSENCE.test(media.essence)) return 'xml';
  return undefined;
}

/** The charset a media type names when it is not UTF-8; undefined for UTF-8 or none. */
export function foreignCharset(media: MediaType): string | undefined {
  const charset = media.parameters['charset'];
  if (charset === undefined) return undefined;
  const name = charset.toLowerCase();
  return name === 'utf-8' || name === 'utf8' ? undefined : charset;
}
