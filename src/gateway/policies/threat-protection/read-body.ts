import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

import { ProblemError } from '../../../runtime/errors.js';
import type { BodyLimits } from '../../policy.js';
import { JsonScanner } from './json-scanner.js';
import { bodyKind, foreignCharset, parseMediaType } from './media-type.js';
import type { MediaType } from './media-type.js';
import type { ScanFailure } from './scan-messages.js';
import { XmlReader } from './xml-reader.js';
import type { XmlElement, XmlLimits } from './xml-reader.js';

/** A request body stream with its headers: an Express request, or any readable posing as one. */
export type BodyStream = Readable & { headers: IncomingHttpHeaders };

/** The XML limits that apply when none are configured. */
export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = {
  maxDepth: 32,
  maxAttributes: 64,
  maxTextLength: 65_536,
  maxElements: 10_000,
};

/**
 * Reads and parses a request body within `limits`, refusing it with a `ProblemError` as early as
 * possible:
 *
 * - a `Content-Length` above `maxBytes` is refused (413), whatever the media type, before a byte
 *   is read; a chunked JSON or XML body is refused on the chunk that passes `maxBytes`, and the
 *   rest of it is discarded unread;
 * - JSON (`application/json`, `application/*+json`) is scanned chunk by chunk as it arrives (see
 *   `JsonScanner`) and parsed with `JSON.parse` only when the whole body passed;
 * - XML (`application/xml`, `text/xml`, `*\/*+xml`) is parsed by `XmlReader` into its root
 *   `XmlElement`;
 * - a charset other than UTF-8, or any `Content-Encoding` but `identity`, is refused (415).
 *
 * Resolves to undefined, without touching the stream, when the request has no body or a media
 * type the gateway does not read (request validation then answers 415 where the operation
 * declares none); an empty JSON or XML body also resolves to undefined.
 *
 * @example
 * exchange.req.body = await readBody(exchange.req, DEFAULT_BODY_LIMITS);
 */
export async function readBody(
  req: BodyStream,
  limits: BodyLimits,
  xmlLimits: XmlLimits = DEFAULT_XML_LIMITS,
): Promise<unknown> {
  const declared = declaredLength(req.headers);
  if (declared !== undefined && declared > limits.maxBytes) {
    throw new ProblemError(
      'payload-too-large',
      `The body declares ${declared} bytes (Content-Length), more than the limit of ` +
        `${limits.maxBytes} bytes; send a smaller body.`,
    );
  }
  const media = parseMediaType(req.headers['content-type']);
  const kind = media && bodyKind(media);
  if (!media || !kind || declared === 0 || !hasBody(req)) return undefined;

  refuseUnreadable(media, req.headers['content-encoding']);
  return kind === 'json' ? readJson(req, limits) : readXml(req, limits.maxBytes, xmlLimits);
}

async function readJson(req: BodyStream, limits: BodyLimits): Promise<unknown> {
  const scanner = new JsonScanner(limits);
  const received = await pump(req, limits.maxBytes, (chunk) => scanner.write(chunk));
  if (received === 0) return undefined;
  const failure = scanner.end();
  if (failure) throw toProblem(failure);
  return JSON.parse(scanner.text());
}

async function readXml(
  req: BodyStream,
  maxBytes: number,
  limits: XmlLimits,
): Promise<XmlElement | undefined> {
  const reader = new XmlReader(limits);
  const decoder = new StringDecoder('utf8');
  const received = await pump(req, maxBytes, (chunk) => reader.write(decoder.write(chunk)));
  if (received === 0) return undefined;
  reader.write(decoder.end());
  const closed = reader.close();
  if ('failure' in closed) throw toProblem(closed.failure);
  return closed.root;
}

/**
 * Feeds the body to `consume` chunk by chunk while counting its bytes. Settles on the first
 * refusal, discarding whatever of the body is still to come; resolves with the byte count at the
 * end of the body.
 */
function pump(
  req: BodyStream,
  maxBytes: number,
  consume: (chunk: Buffer) => ScanFailure | undefined,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let received = 0;
    const settle = (problem?: ProblemError): void => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (!problem) return resolve(received);
      // Discard the rest; an error the stream raises later has no one left to tell.
      req.on('error', () => undefined).resume();
      reject(problem);
    };
    const onData = (data: Buffer | string): void => {
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      received += chunk.length;
      if (received > maxBytes) return settle(tooLarge(maxBytes, received));
      const failure = consume(chunk);
      if (failure) settle(toProblem(failure));
    };
    const onEnd = (): void => settle();
    const onError = (err: Error): void => settle(incomplete(received, err));
    const onClose = (): void => settle(incomplete(received));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose).resume();
  });
}

function refuseUnreadable(media: MediaType, encoding: string | undefined): void {
  const charset = foreignCharset(media);
  if (charset !== undefined) {
    throw new ProblemError(
      'unsupported-media-type',
      `The body charset "${charset}" is not supported; send the body as UTF-8 (charset=utf-8).`,
    );
  }
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
    throw new ProblemError(
      'unsupported-media-type',
      `The content coding "${encoding}" is not supported; send the body without Content-Encoding.`,
    );
  }
}

/** The body length the request declares, or undefined when it declares none. */
function declaredLength(headers: IncomingHttpHeaders): number | undefined {
  const header = headers['content-length'];
  return header === undefined ? undefined : Number(header);
}

/** RFC 9112 §6.3: a request without Content-Length or Transfer-Encoding has no body. */
function hasBody(req: BodyStream): boolean {
  const { headers } = req;
  if (req.readableEnded) return false;
  return headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined;
}

function tooLarge(maxBytes: number, received: number): ProblemError {
  return new ProblemError(
    'payload-too-large',
    `The body is larger than the limit of ${maxBytes} bytes: ${received} bytes had arrived ` +
      'when reading stopped; send a smaller body.',
  );
}

function incomplete(received: number, cause?: Error): ProblemError {
  const detail =
    `The body stopped after ${received} bytes: the connection closed before the body was ` +
    'complete; send the whole body.';
  return new ProblemError('request-timeout', detail, [], cause ? { cause } : undefined);
}

/** Turns a reader's refusal into the problem the gateway answers with. */
export function toProblem(failure: ScanFailure): ProblemError {
  const { code, detail, field } = failure;
  return new ProblemError(code, detail, field ? [{ in: 'body', ...field }] : []);
}
