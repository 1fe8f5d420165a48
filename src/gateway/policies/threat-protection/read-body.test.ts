import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';

import { ProblemError } from '../../../runtime/errors.js';
import type { BodyLimits } from '../../policy.js';
import { DEFAULT_BODY_LIMITS } from './index.js';
import { readBody } from './read-body.js';
import type { BodyStream } from './read-body.js';

const JSON_HEADERS = { 'content-type': 'application/json', 'transfer-encoding': 'chunked' };

/** A readable posing as a request; it counts how often the reader pulled from it. */
function request(chunks: readonly (string | Buffer)[], headers: IncomingHttpHeaders) {
  const pending = chunks.map((chunk) => Buffer.from(chunk));
  let pulls = 0;
  const stream = new Readable({
    read() {
      pulls++;
      this.push(pending.shift() ?? null);
    },
  });
  const req: BodyStream = Object.assign(stream, { headers });
  return { req, pulls: () => pulls };
}

/** Splits a body into chunks of one byte, the worst case for an incremental reader. */
function bytewise(body: string): Buffer[] {
  return [...Buffer.from(body)].map((byte) => Buffer.from([byte]));
}

async function problemOf(pending: Promise<unknown>) {
  const err = await pending.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(err instanceof ProblemError))
    throw new Error(`expected a ProblemError, got ${String(err)}`);
  return { status: err.status, code: err.code, detail: err.detail, errors: err.errors };
}

describe('readBody size', () => {
  it('refuses a Content-Length over the limit with 413 without reading the stream', async () => {
    const { req, pulls } = request(['{"a":1}'], {
      'content-type': 'application/json',
      'content-length': '2000',
    });
    const limits = { ...DEFAULT_BODY_LIMITS, maxBytes: 1000 };
    expect(await problemOf(readBody(req, limits))).toStrictEqual({
      status: 413,
      code: 'payload-too-large',
      detail:
        'The body declares 2000 bytes (Content-Length), more than the limit of 1000 bytes; ' +
        'send a smaller body.',
      errors: [],
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(pulls()).toBe(0);
    expect(req.readableDidRead).toBe(false);
  });

  it('refuses a chunked body on the chunk that passes the limit and discards the rest', async () => {
    const chunks = ['[', ...Array.from({ length: 50 }, () => '"' + 'x'.repeat(98) + '",')];
    const { req } = request(chunks, JSON_HEADERS);
    const limits = { ...DEFAULT_BODY_LIMITS, maxBytes: 1000 };
    expect(await problemOf(readBody(req, limits))).toStrictEqual({
      status: 413,
      code: 'payload-too-large',
      detail:
        'The body is larger than the limit of 1000 bytes: 1011 bytes had arrived when reading ' +
        'stopped; send a smaller body.',
      errors: [],
    });
  });

  it('accepts a body of exactly maxBytes', async () => {
    const body = JSON.stringify('x'.repeat(998));
    const { req } = request([body], {
      'content-type': 'application/json',
      'content-length': '1000',
    });
    const limits = { ...DEFAULT_BODY_LIMITS, maxBytes: 1000 };
    expect(await readBody(req, limits)).toBe('x'.repeat(998));
  });
});

describe('readBody JSON', () => {
  it('parses a body fed one byte at a time', async () => {
    const body = '{"name":"Zoë","tags":["a","€"],"n":-1.5e2,"ok":true,"none":null}';
    const { req } = request(bytewise(body), JSON_HEADERS);
    expect(await readBody(req, DEFAULT_BODY_LIMITS)).toStrictEqual(JSON.parse(body));
  });

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON; charset="UTF-8"',
    'application/merge-patch+json',
    'application/problem+json',
  ])('reads %s as JSON', async (type) => {
    const { req } = request(['{"a":1}'], { 'content-type': type, 'content-length': '7' });
    expect(await readBody(req, DEFAULT_BODY_LIMITS)).toStrictEqual({ a: 1 });
  });

  it('refuses {"__proto__": {"admin": true}} with 400 and pollutes nothing', async () => {
    const { req } = request(['{"__proto__": {"admin": true}}'], JSON_HEADERS);
    expect(await problemOf(readBody(req, DEFAULT_BODY_LIMITS))).toStrictEqual({
      status: 400,
      code: 'forbidden-key',
      detail:
        'The property name "__proto__" at byte 1 is reserved: the names "__proto__", ' +
        '"constructor" and "prototype" can alter object prototypes; rename the property.',
      errors: [
        { in: 'body', pointer: '/__proto__', message: '"__proto__" is a reserved property name' },
      ],
    });
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('admin');
  });

  it('refuses JSON nested 10,000 deep with 400 body-too-complex', async () => {
    const body = '['.repeat(10_000) + ']'.repeat(10_000);
    const { req } = request([body], JSON_HEADERS);
    const problem = await problemOf(readBody(req, DEFAULT_BODY_LIMITS));
    expect(problem.status).toBe(400);
    expect(problem.code).toBe('body-too-complex');
    expect(problem.detail).toContain('nesting depth 33 at byte 32 exceeds the limit of 32');
  });

  it('refuses malformed JSON with 400 naming the byte offset', async () => {
    const { req } = request(bytewise('{"a":1,"b":tru}'), JSON_HEADERS);
    expect(await problemOf(readBody(req, DEFAULT_BODY_LIMITS))).toStrictEqual({
      status: 400,
      code: 'malformed-json',
      detail: "The body is not valid JSON: expected 'true' at byte 14, found '}'.",
      errors: [],
    });
  });

  it('refuses a string over maxStringLength with a field error', async () => {
    const limits: BodyLimits = { ...DEFAULT_BODY_LIMITS, maxStringLength: 3 };
    const { req } = request(bytewise('{"code":"ABCD"}'), JSON_HEADERS);
    expect(await problemOf(readBody(req, limits))).toStrictEqual({
      status: 400,
      code: 'body-too-complex',
      detail:
        'The body is too complex: string of 4 characters at byte 12 exceeds the limit of 3 ' +
        '(maxStringLength); send a smaller body or ask the API owner to raise the ' +
        'threat-protection limit.',
      errors: [{ in: 'body', pointer: '/code', message: 'exceeds maxStringLength of 3' }],
    });
  });

  it.each(['iso-8859-1', 'utf-16', 'windows-1252'])(
    'refuses charset %s with 415 before reading',
    async (charset) => {
      const { req, pulls } = request(['{}'], {
        'content-type': `application/json; charset=${charset}`,
        'content-length': '2',
      });
      expect(await problemOf(readBody(req, DEFAULT_BODY_LIMITS))).toStrictEqual({
        status: 415,
        code: 'unsupported-media-type',
        detail: `The body charset "${charset}" is not supported; send the body as UTF-8 (charset=utf-8).`,
        errors: [],
      });
      expect(pulls()).toBe(0);
    },
  );

  it('refuses a compressed body with 415', async () => {
    const { req } = request(['x'], { ...JSON_HEADERS, 'content-encoding': 'gzip' });
    expect(await problemOf(readBody(req, DEFAULT_BODY_LIMITS))).toStrictEqual({
      status: 415,
      code: 'unsupported-media-type',
      detail: 'The content coding "gzip" is not supported; send the body without Content-Encoding.',
      errors: [],
    });
  });
});

describe('readBody without a body to read', () => {
  const cases = [
    { name: 'no body at all', chunks: [], headers: { 'content-type': 'application/json' } },
    {
      name: 'Content-Length 0',
      chunks: [],
      headers: { 'content-type': 'application/json', 'content-length': '0' },
    },
    { name: 'an empty chunked body', chunks: [], headers: JSON_HEADERS },
    { name: 'no Content-Type', chunks: ['{}'], headers: { 'content-length': '2' } },
    {
      name: 'a form body',
      chunks: ['a=1'],
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '3' },
    },
    {
      name: 'an octet stream',
      chunks: ['\u0000'],
      headers: { 'content-type': 'application/octet-stream', 'content-length': '1' },
    },
  ];
  for (const { name, chunks, headers } of cases) {
    it(`resolves undefined for ${name}`, async () => {
      const { req } = request(chunks, headers);
      expect(await readBody(req, DEFAULT_BODY_LIMITS)).toBeUndefined();
    });
  }

  it('leaves the stream of a media type it does not read unread', async () => {
    const { req, pulls } = request(['a=1'], {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': '3',
    });
    await readBody(req, DEFAULT_BODY_LIMITS);
    await new Promise((resolve) => setImmediate(resolve));
    expect(pulls()).toBe(0);
  });
});

describe('readBody XML', () => {
  const XML_HEADERS = { 'content-type': 'application/xml', 'transfer-encoding': 'chunked' };
  const xmlLimits = { maxDepth: 3, maxAttributes: 2, maxTextLength: 5, maxElements: 4 };

  async function readXml(body: string, type = 'application/xml') {
    const { req } = request(bytewise(body), { ...XML_HEADERS, 'content-type': type });
    return readBody(req, DEFAULT_BODY_LIMITS, xmlLimits);
  }

  it('parses an element tree, one byte at a time', async () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n<a x="1&amp;2">\n  <b>héllo</b><!-- note -->' +
      '<c/>&lt;<![CDATA[<>]]></a>';
    expect(await readXml(body)).toStrictEqual({
      name: 'a',
      attributes: Object.assign(Object.create(null) as object, { x: '1&2' }),
      children: [
        { name: 'b', attributes: Object.create(null) as object, children: ['héllo'] },
        { name: 'c', attributes: Object.create(null) as object, children: [] },
        '<<>',
      ],
    });
  });

  it.each(['text/xml', 'application/soap+xml', 'application/atom+xml'])(
    'reads %s',
    async (type) => {
      expect(await readXml('<a/>', type)).toMatchObject({ name: 'a', children: [] });
    },
  );

  it('refuses a billion-laughs document type with 400 malformed-xml', async () => {
    const body =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
      '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>';
    const problem = await problemOf(readXml(body));
    expect(problem).toStrictEqual({
      status: 400,
      code: 'malformed-xml',
      detail:
        'The body declares a document type at line 1, column 125: DOCTYPE and entity ' +
        'declarations are not accepted; send the XML without a DOCTYPE.',
      errors: [],
    });
  });

  it('refuses an external entity document type', async () => {
    const body = '<!DOCTYPE a [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>';
    expect((await problemOf(readXml(body))).code).toBe('malformed-xml');
  });

  it('refuses an undeclared entity', async () => {
    expect(await problemOf(readXml('<a>&lol;</a>'))).toStrictEqual({
      status: 400,
      code: 'malformed-xml',
      detail: 'The body is not well-formed XML at line 1, column 8: undefined entity.',
      errors: [],
    });
  });

  it('refuses XML that is not well-formed', async () => {
    expect((await problemOf(readXml('<a><b></a>'))).detail).toBe(
      'The body is not well-formed XML at line 1, column 10: unexpected close tag.',
    );
  });

  it('refuses an encoding declaration other than UTF-8 with 415', async () => {
    const problem = await problemOf(readXml('<?xml version="1.0" encoding="ISO-8859-1"?><a/>'));
    expect(problem.status).toBe(415);
    expect(problem.detail).toBe(
      'The XML declaration names the encoding "ISO-8859-1"; send the body as UTF-8.',
    );
  });

  it('refuses an attribute named __proto__', async () => {
    const problem = await problemOf(readXml('<a __proto__="x"/>'));
    expect(problem.code).toBe('forbidden-key');
  });

  const limitCases = [
    {
      limit: 'maxDepth',
      under: '<a><b><c/></b></a>',
      over: '<a><b><c><d/></c></b></a>',
      what: 'nesting depth 4',
    },
    {
      limit: 'maxAttributes',
      under: '<a x="1" y="2"/>',
      over: '<a x="1" y="2" z="3"/>',
      what: 'attribute 3',
    },
    {
      limit: 'maxTextLength',
      under: '<a>abcde</a>',
      over: '<a>abc<!-- -->def</a>',
      what: 'text of 6 characters',
    },
    {
      limit: 'maxTextLength',
      under: '<a x="abcde"/>',
      over: '<a x="abcdef"/>',
      what: 'attribute "x" of 6 characters',
    },
    {
      limit: 'maxElements',
      under: '<a><b/><b/><b/></a>',
      over: '<a><b/><b/><b/><b/></a>',
      what: 'element 5',
    },
  ];
  for (const { limit, under, over, what } of limitCases) {
    it(`accepts ${under} and refuses ${over} (${limit})`, async () => {
      await expect(readXml(under)).resolves.toMatchObject({ name: 'a' });
      const problem = await problemOf(readXml(over));
      expect(problem.code).toBe('body-too-complex');
      expect(problem.detail).toMatch(
        new RegExp(
          `^The body is too complex: ${what} at line 1, column \\d+ exceeds the limit of \\d+ \\(xml.${limit}\\)`,
        ),
      );
    });
  }
});
