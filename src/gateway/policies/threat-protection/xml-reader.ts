import { SaxesParser } from 'saxes';
import type { SaxesAttributePlain, SaxesTagPlain, XMLDecl } from 'saxes';

import { RESERVED_NAMES } from './scan-messages.js';
import type { ScanFailure } from './scan-messages.js';

/** Structural limits on an XML body, enforced while it is parsed. */
export interface XmlLimits {
  /** Element nesting; the root element is at depth 1. */
  maxDepth: number;
  /** Attributes on one element. */
  maxAttributes: number;
  /** Characters (UTF-16 code units) of one text node or attribute value. */
  maxTextLength: number;
  /** Elements in the whole document. */
  maxElements: number;
}

/**
 * One element of a parsed XML body. Attributes sit in an object without a prototype; text and
 * CDATA become strings among the children (adjacent ones joined); comments, processing
 * instructions and whitespace-only text between elements are dropped. Names keep their prefix
 * (`soap:Envelope`): namespaces are not resolved.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}

/** A child of an XML element: an element or a text. */
export type XmlNode = XmlElement | string;

/** Carries a refusal out of a saxes event handler, which cannot return one. */
class Refusal extends Error {
  constructor(readonly failure: ScanFailure) {
    super(failure.detail);
  }
}

type PlainOptions = { xmlns: false; position: true };

const UTF8_NAMES = new Set(['utf-8', 'utf8']);

/**
 * Parses an XML body chunk by chunk with saxes (a strict, non-validating parser) into an element
 * tree, refusing what makes XML dangerous to the service behind: any document type declaration
 * (so no entity declarations, external entities or entity expansion: only the five predefined
 * entities and character references resolve), a non-UTF-8 encoding declaration, and bodies past
 * the structural limits. Parsing stops on the chunk where a limit is crossed.
 */
export class XmlReader {
  private readonly parser = new SaxesParser<PlainOptions>({ xmlns: false, position: true });
  private readonly stack: XmlElement[] = [];
  private root: XmlElement | undefined;
  private elements = 0;
  private attributes = 0;
  private failure: ScanFailure | undefined;

  constructor(private readonly limits: XmlLimits) {
    this.parser.on('xmldecl', (decl) => this.onDeclaration(decl));
    this.parser.on('doctype', () => this.refuse('malformed-xml', this.doctypeDetail()));
    this.parser.on('attribute', (attribute) => this.onAttribute(attribute));
    this.parser.on('opentag', (tag) => this.onOpenTag(tag));
    this.parser.on('closetag', () => this.stack.pop());
    this.parser.on('text', (text) => this.onText(text));
    this.parser.on('cdata', (text) => this.onText(text));
  }

  /** Parses the next piece of text; returns the failure once the body is refused. */
  write(text: string): ScanFailure | undefined {
    if (this.failure || text === '') return this.failure;
    return this.guard(() => this.parser.write(text));
  }

  /** Ends the document; returns its root element, or the failure. */
  close(): { root: XmlElement } | { failure: ScanFailure } {
    const failure = this.failure ?? this.guard(() => this.parser.close());
    if (failure) return { failure };
    // saxes refuses a document without a root element, so a closed document has one.
    return this.root ? { root: this.root } : { failure: this.malformed('no root element') };
  }

  private guard(step: () => unknown): ScanFailure | undefined {
    try {
      step();
    } catch (err) {
      this.failure = err instanceof Refusal ? err.failure : this.malformed(saxesReason(err));
    }
    return this.failure;
  }

  private onDeclaration(decl: XMLDecl): void {
    const encoding = decl.encoding;
    if (encoding === undefined || UTF8_NAMES.has(encoding.toLowerCase())) return;
    this.refuse(
      'unsupported-media-type',
      `The XML declaration names the encoding "${encoding}"; send the body as UTF-8.`,
    );
  }

  private onAttribute({ name, value }: SaxesAttributePlain): void {
    if (++this.attributes > this.limits.maxAttributes) {
      this.tooComplex(`attribute ${this.attributes}`, 'maxAttributes');
    }
    if (value.length > this.limits.maxTextLength) {
      this.tooComplex(`attribute "${name}" of ${value.length} characters`, 'maxTextLength');
    }
    if (RESERVED_NAMES.includes(name)) {
      this.refuse(
        'forbidden-key',
        `The attribute name "${name}" ${this.where()} is reserved: it can alter object ` +
          'prototypes; rename the attribute.',
      );
    }
  }

  private onOpenTag(tag: SaxesTagPlain): void {
    this.attributes = 0;
    if (++this.elements > this.limits.maxElements) {
      this.tooComplex(`element ${this.elements}`, 'maxElements');
    }
    if (this.stack.length + 1 > this.limits.maxDepth) {
      this.tooComplex(`nesting depth ${this.stack.length + 1}`, 'maxDepth');
    }
    const element: XmlElement = { name: tag.name, attributes: tag.attributes, children: [] };
    const parent = this.stack.at(-1);
    if (parent) parent.children.push(element);
    else this.root = element;
    // saxes reports a close tag for a self-closing element too.
    this.stack.push(element);
  }

  private onText(text: string): void {
    const parent = this.stack.at(-1);
    if (!parent || text.trim() === '') return;
    const last = parent.children.length - 1;
    const previous = parent.children[last];
    const joined = typeof previous === 'string' ? previous + text : text;
    if (joined.length > this.limits.maxTextLength) {
      this.tooComplex(`text of ${joined.length} characters`, 'maxTextLength');
    }
    if (typeof previous === 'string') parent.children[last] = joined;
    else parent.children.push(joined);
  }

  private tooComplex(what: string, limit: keyof XmlLimits): never {
    const max = this.limits[limit];
    return this.refuse(
      'body-too-complex',
      `The body is too complex: ${what} ${this.where()} exceeds the limit of ${max} ` +
        `(xml.${limit}); send a smaller body or ask the API owner to raise the limit.`,
    );
  }

  private doctypeDetail(): string {
    return (
      `The body declares a document type ${this.where()}: DOCTYPE and entity declarations are ` +
      'not accepted; send the XML without a DOCTYPE.'
    );
  }

  private where(): string {
    return `at line ${this.parser.line}, column ${this.parser.column}`;
  }

  private malformed(reason: string): ScanFailure {
    return {
      code: 'malformed-xml',
      detail: `The body is not well-formed XML ${this.where()}: ${reason}`,
    };
  }

  private refuse(code: ScanFailure['code'], detail: string): never {
    throw new Refusal({ code, detail });
  }
}

/** The reason of a saxes error without the `line:column:` prefix it starts with. */
function saxesReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^\d+:\d+: /, '');
}
