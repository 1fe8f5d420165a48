import { isRecord } from './describe-value.js';
import type { PactBody } from './model.js';

/** True for `application/json`, `application/*+json` and `*\/json` media types. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^[\w.+-]+\/([\w.-]+\+)?json\b/i.test(contentType);
}

/** True for media types whose bytes are text: `text/*`, XML, form data, JSON. */
export function isTextMediaType(contentType: string): boolean {
  return /^text\/|[/+]xml\b|x-www-form-urlencoded|javascript/i.test(contentType);
}

/**
 * Reads a V4 body, `{ content, contentType, encoded }`: `encoded` is `base64` or false, and JSON
 * content may be the value itself or its text. The Content-Type header, when there is one, names
 * the media type. A body of any other shape is read as a raw one.
 */
export function readV4Body(raw: unknown, headerType: string | undefined): PactBody | undefined {
  if (!isRecord(raw) || !('content' in raw)) return readRawBody(raw, headerType);
  // The header is what travels; writers put a detected type (`application/json`) in the body
  // even when the header says `application/merge-patch+json`.
  const contentType =
    headerType ?? (typeof raw.contentType === 'string' ? raw.contentType : undefined);
  if (raw.encoded === 'base64' || raw.encoded === true) {
    const bytes = Buffer.from(String(raw.content), 'base64');
    if (isJsonMediaType(contentType)) return fromText(bytes.toString('utf8'), contentType);
    if (contentType && isTextMediaType(contentType))
      return { contentType, form: 'text', value: bytes.toString('utf8') };
    return { contentType, form: 'binary', value: String(raw.content) };
  }
  return readRawBody(raw.content, contentType);
}

/**
 * Reads a V1 to V3 body, which is the raw value. A string under a JSON media type is the JSON
 * text of the body (as Pact writes it); under any other type, or none, it is plain text.
 */
export function readRawBody(raw: unknown, contentType: string | undefined): PactBody | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') return { contentType, form: 'json', value: raw };
  if (isJsonMediaType(contentType)) return fromText(raw, contentType);
  return { contentType, form: 'text', value: raw };
}

function fromText(text: string, contentType: string | undefined): PactBody {
  try {
    return { contentType, form: 'json', value: JSON.parse(text) as unknown };
  } catch {
    return { contentType, form: 'json', value: text };
  }
}
