import { Random } from './random.js';

/** Makes strings that match one regular expression. */
export type PatternGenerator = (random: Random) => string;

type Node = { kind: 'chars'; chars: string[] } | { kind: 'group'; alternatives: Term[][] };

interface Term {
  node: Node;
  min: number;
  max: number;
}

/** How far past its minimum an unbounded quantifier (`*`, `+`, `{n,}`) repeats at most. */
const UNBOUNDED_EXTRA = 6;

const PRINTABLE = range(0x20, 0x7e);
const DIGITS = range(0x30, 0x39);
const WORD = [...range(0x41, 0x5a), ...range(0x61, 0x7a), ...DIGITS, '_'];
const CLASS_ESCAPES: Record<string, string[]> = { d: DIGITS, w: WORD, s: [' '] };

/**
 * A generator for the subset of ECMAScript patterns that specs use: literals, escapes, `.`,
 * `\d \w \s`, character classes with ranges, groups with alternation, and the quantifiers
 * `? * + {n} {n,} {n,m}`, anchored or not. Returns undefined for anything else (negated
 * classes, lookaround, backreferences), and for a pattern whose output does not match itself.
 */
export function patternGenerator(pattern: string): PatternGenerator | undefined {
  let terms: Term[][];
  try {
    terms = new Parser(pattern.replace(/^\^/, '').replace(/(?<!\\)\$$/, '')).parse();
  } catch {
    return undefined;
  }
  const generate = (random: Random) => alternatives(terms, random);
  const regex = new RegExp(pattern, 'u');
  // A few samples catch a construct the parser reads differently from the regex engine.
  for (let seed = 1; seed <= 5; seed++)
    if (!regex.test(generate(new Random(seed)))) return undefined;
  return generate;
}

function alternatives(options: Term[][], random: Random): string {
  return random
    .pick(options)
    .map((term) => repeat(term, random))
    .join('');
}

function repeat(term: Term, random: Random): string {
  const count = random.int(term.min, term.max);
  let out = '';
  for (let i = 0; i < count; i++) {
    out +=
      term.node.kind === 'chars'
        ? random.pick(term.node.chars)
        : alternatives(term.node.alternatives, random);
  }
  return out;
}

class Parser {
  private at = 0;

  constructor(private readonly source: string) {}

  parse(): Term[][] {
    const result = this.alternation();
    if (this.at !== this.source.length) throw new Error(`unexpected '${this.peek()}'`);
    return result;
  }

  private alternation(): Term[][] {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.at++;
      options.push(this.sequence());
    }
    return options;
  }

  private sequence(): Term[] {
    const terms: Term[] = [];
    while (this.at < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      terms.push(this.quantified(this.atom()));
    }
    return terms;
  }

  private atom(): Node {
    const char = this.take();
    if (char === '(') return this.group();
    if (char === '[') return { kind: 'chars', chars: this.characterClass() };
    if (char === '.') return { kind: 'chars', chars: PRINTABLE };
    if (char === '\\') return { kind: 'chars', chars: this.escape() };
    if ('*+?{}^$'.includes(char)) throw new Error(`unsupported '${char}'`);
    return { kind: 'chars', chars: [char] };
  }

  private group(): Node {
    if (this.source.startsWith('?:', this.at)) this.at += 2;
    else if (this.peek() === '?') throw new Error('unsupported group');
    const options = this.alternation();
    if (this.take() !== ')') throw new Error('unclosed group');
    return { kind: 'group', alternatives: options };
  }

  private characterClass(): string[] {
    if (this.peek() === '^') throw new Error('unsupported negated class');
    const chars: string[] = [];
    while (this.peek() !== ']') {
      if (this.at >= this.source.length) throw new Error('unclosed class');
      const first = this.classChar();
      if (this.peek() === '-' && this.source[this.at + 1] !== ']' && first.length === 1) {
        this.at++;
        const last = this.classChar();
        chars.push(...range(first[0]!.codePointAt(0)!, last[0]!.codePointAt(0)!));
      } else chars.push(...first);
    }
    this.at++;
    return chars;
  }

  private classChar(): string[] {
    const char = this.take();
    return char === '\\' ? this.escape() : [char];
  }

  private escape(): string[] {
    const char = this.take();
    if (CLASS_ESCAPES[char]) return CLASS_ESCAPES[char];
    if (/[a-zA-Z0-9]/.test(char)) throw new Error(`unsupported escape \\${char}`);
    return [char];
  }

  private quantified(node: Node): Term {
    const char = this.peek();
    if (char === '?') return this.advance({ node, min: 0, max: 1 }, 1);
    if (char === '*') return this.advance({ node, min: 0, max: UNBOUNDED_EXTRA }, 1);
    if (char === '+') return this.advance({ node, min: 1, max: 1 + UNBOUNDED_EXTRA }, 1);
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at));
    if (!braces) return { node, min: 1, max: 1 };
    const min = Number(braces[1]);
    const max =
      braces[2] === undefined ? min : braces[3] ? Number(braces[3]) : min + UNBOUNDED_EXTRA;
    return this.advance({ node, min, max }, braces[0].length);
  }

  private advance(term: Term, length: number): Term {
    this.at += length;
    if (this.peek() === '?') this.at++;
    return term;
  }

  private peek(): string | undefined {
    return this.source[this.at];
  }

  private take(): string {
    const char = this.source[this.at++];
    if (char === undefined) throw new Error('unexpected end');
    return char;
  }
}

function range(from: number, to: number): string[] {
  const chars: string[] = [];
  for (let code = from; code <= to; code++) chars.push(String.fromCodePoint(code));
  return chars;
}
