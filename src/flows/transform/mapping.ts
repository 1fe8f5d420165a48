import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import jsonata from 'jsonata';
import { parse as parseYaml } from 'yaml';

import { BUILTINS } from './builtins/index.js';
import { locate, MappingError } from './mapping-error.js';
import type { SchemaRef } from './output-schemas.js';

/** A declarative mapping: a JSONata expression with a name and optional schemas. */
export interface MappingDefinition {
  /** Kebab-case id, `<from>-to-<to>`: `canonical-invoice-to-finance-invoice`. */
  name: string;
  /** The JSONata expression; `$name` built-ins and the caller's bindings are in scope. */
  expression: string;
  description?: string;
  /** The schema the input is expected to satisfy (checked when asked for). */
  input?: SchemaRef;
  /** The schema the output must satisfy (checked unless validation is switched off). */
  output?: SchemaRef;
  /** The file the definition was read from. */
  file?: string;
}

/** A mapping whose expression compiled: evaluate it with `evaluateMapping`. */
export interface CompiledMapping {
  readonly definition: MappingDefinition;
  readonly expression: jsonata.Expression;
}

const MAPPING_FILE = /\.mapping\.yaml$/;
const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ALLOWED_KEYS = new Set(['name', 'description', 'input', 'output', 'expression']);

/** Compiles a definition's expression; a syntax error throws a MappingError with its line. */
export function compileMapping(definition: MappingDefinition): CompiledMapping {
  try {
    const expression = jsonata(definition.expression);
    for (const builtin of BUILTINS) {
      expression.registerFunction(builtin.name, builtin.implementation, builtin.signature);
    }
    return { definition, expression };
  } catch (err) {
    const { position, code, message } = err as {
      position?: number;
      code?: string;
      message?: string;
    };
    const where = position === undefined ? {} : locate(definition.expression, position);
    throw new MappingError(
      {
        mapping: definition.name,
        stage: 'compile',
        ...fileOf(definition),
        ...where,
        ...(code ? { code } : {}),
      },
      `${message ?? String(err)}${code ? ` (JSONata ${code})` : ''}`,
      { cause: err },
    );
  }
}

/**
 * Reads a mapping file: YAML with `name`, `expression` and optionally `description`, `input`
 * and `output`. The file name must be `<name>.mapping.yaml`.
 */
export function readMappingFile(file: string): MappingDefinition {
  const shown = displayPath(file);
  const fail = (reason: string): never => {
    throw new MappingError({ mapping: nameFromFile(file), stage: 'load', file: shown }, reason);
  };
  const raw: unknown = parseYaml(readFileSync(file, 'utf8'));
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail('expected a YAML object with name and expression');
  }
  const fields = raw as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => !ALLOWED_KEYS.has(key));
  if (unknown.length > 0)
    fail(`expected only ${[...ALLOWED_KEYS].join(', ')}, got ${unknown.join(', ')}`);
  if (fields.name !== nameFromFile(file)) {
    fail(
      `expected name ${JSON.stringify(nameFromFile(file))} to match the file name, got ${JSON.stringify(fields.name)}`,
    );
  }
  if (typeof fields.expression !== 'string' || fields.expression.trim() === '') {
    fail('expected a non-empty string expression');
  }
  return { ...(fields as unknown as MappingDefinition), file: shown };
}

/**
 * Every mapping of a folder, compiled once on first use and kept: `get(name)` reads
 * `<name>.mapping.yaml`, and definitions registered in code join them.
 */
export class MappingCatalog {
  private readonly compiled = new Map<string, CompiledMapping>();

  constructor(private readonly dir?: string) {}

  /** Adds a mapping defined in code; a name in use throws. */
  register(definition: MappingDefinition): CompiledMapping {
    if (!NAME.test(definition.name)) {
      throw new MappingError(
        { mapping: definition.name, stage: 'load' },
        'expected a kebab-case name such as canonical-invoice-to-finance-invoice',
      );
    }
    if (this.compiled.has(definition.name)) {
      throw new MappingError(
        { mapping: definition.name, stage: 'load' },
        'expected a new name, but a mapping has it already',
      );
    }
    const mapping = compileMapping(definition);
    this.compiled.set(definition.name, mapping);
    return mapping;
  }

  /** The compiled mapping of that name, reading and compiling its file the first time. */
  get(name: string): CompiledMapping {
    const known = this.compiled.get(name);
    if (known) return known;
    if (
      this.dir === undefined ||
      !NAME.test(name) ||
      !this.fileNames().includes(`${name}.mapping.yaml`)
    ) {
      throw new MappingError(
        { mapping: name, stage: 'load' },
        `expected a registered mapping or a file ${name}.mapping.yaml${this.dir === undefined ? '' : ` in ${displayPath(this.dir) || '.'}`}, but there is none`,
      );
    }
    return this.register(readMappingFile(join(this.dir, `${name}.mapping.yaml`)));
  }

  /** The names of every mapping file in the folder, sorted. */
  names(): string[] {
    return this.fileNames()
      .map((file) => file.replace(MAPPING_FILE, ''))
      .sort();
  }

  private fileNames(): string[] {
    return this.dir === undefined
      ? []
      : readdirSync(this.dir).filter((file) => MAPPING_FILE.test(file));
  }
}

/** The path relative to the working directory when it is inside it, else as given. */
function displayPath(file: string): string {
  const shown = relative(process.cwd(), file);
  return shown.startsWith('..') ? file : shown;
}

function nameFromFile(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(MAPPING_FILE, '');
}

function fileOf(definition: MappingDefinition): { file?: string } {
  return definition.file === undefined ? {} : { file: definition.file };
}
