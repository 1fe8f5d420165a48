import { packageFile } from '../../config/package-files.js';
import { BUILTINS, TABLES_BINDING } from './builtins/index.js';
import { locate, MappingError } from './mapping-error.js';
import { MappingCatalog, type CompiledMapping } from './mapping.js';
import { MappingSchemas, type SchemaRef } from './output-schemas.js';
import { ReferenceTables } from './reference-tables.js';

/** How one evaluation runs. */
export interface EvaluateOptions {
  /** Values the expression reads as `$name`, such as ids the input does not carry. */
  bindings?: Readonly<Record<string, unknown>>;
  /** The tables `$lookupTable` reads; the tables of `src/flows/transform/tables/` by default. */
  tables?: ReferenceTables;
  /** Where a mapping named by a string is found; the mappings of `mappings/` by default. */
  catalog?: MappingCatalog;
  /** Compiles input and output schemas; one reading `generated/` by default. */
  schemas?: MappingSchemas;
  /** Checks the output against the mapping's output schema; true unless set to false. */
  validateOutput?: boolean;
  /** Checks the input against the mapping's input schema first; false unless set. */
  validateInput?: boolean;
}

const MAPPINGS_DIR = packageFile('src', 'flows', 'transform', 'mappings');
const TABLES_DIR = packageFile('src', 'flows', 'transform', 'tables');

let defaultCatalog: MappingCatalog | undefined;
let defaultTables: ReferenceTables | undefined;
let defaultSchemas: MappingSchemas | undefined;

/**
 * Evaluates a mapping over `input` with every built-in registered, and checks the output
 * against the mapping's output schema. Any failure throws a MappingError naming the mapping,
 * where it failed and why.
 *
 * @example
 * const invoice = await evaluateMapping('canonical-invoice-to-finance-invoice', canonicalInvoice, {
 *   bindings: { customerInternalId: '1042' },
 * });
 */
export async function evaluateMapping(
  mapping: string | CompiledMapping,
  input: unknown,
  options: EvaluateOptions = {},
): Promise<unknown> {
  const compiled = typeof mapping === 'string' ? catalogOf(options).get(mapping) : mapping;
  const { definition } = compiled;
  if (options.validateInput === true && definition.input !== undefined) {
    check(compiled, definition.input, input, 'input', options);
  }
  const output = await run(compiled, input, options);
  if (options.validateOutput !== false && definition.output !== undefined) {
    check(compiled, definition.output, output, 'output', options);
  }
  return output;
}

async function run(
  compiled: CompiledMapping,
  input: unknown,
  options: EvaluateOptions,
): Promise<unknown> {
  const { definition, expression } = compiled;
  const tables =
    options.tables ?? (defaultTables ??= new ReferenceTables().loadDirectory(TABLES_DIR));
  try {
    const output: unknown = await expression.evaluate(input, {
      ...options.bindings,
      [TABLES_BINDING]: tables,
    });
    return toJson(output);
  } catch (err) {
    const { position, code, token, message } = err as {
      position?: number;
      code?: string;
      token?: string;
      message?: string;
    };
    const where = position === undefined ? {} : locate(definition.expression, position);
    const builtin = BUILTINS.find((candidate) => candidate.name === token);
    const inFunction = typeof token === 'string' && token !== '' ? ` in $${token}()` : '';
    const usage = code?.startsWith('T04') && builtin ? `; call it as ${builtin.usage}` : '';
    throw new MappingError(
      {
        mapping: definition.name,
        stage: 'evaluate',
        ...(definition.file === undefined ? {} : { file: definition.file }),
        ...where,
        ...(code === undefined ? {} : { code }),
      },
      `${message ?? String(err)}${inFunction}${usage}`,
      { cause: err },
    );
  }
}

function check(
  compiled: CompiledMapping,
  schema: SchemaRef,
  value: unknown,
  side: 'input' | 'output',
  options: EvaluateOptions,
): void {
  const { definition } = compiled;
  const schemas = options.schemas ?? (defaultSchemas ??= new MappingSchemas());
  const violation = schemas.check(schema, value);
  if (violation === undefined) return;
  const schemaName = typeof schema === 'string' ? schema : 'its inline schema';
  throw new MappingError(
    {
      mapping: definition.name,
      stage: side === 'output' ? 'validate' : 'evaluate',
      ...(definition.file === undefined ? {} : { file: definition.file }),
      pointer: violation.pointer,
      value: violation.value,
    },
    `${side} ${violation.pointer} ${violation.message} (${schemaName}), got ${JSON.stringify(violation.value) ?? 'nothing'}`,
  );
}

/**
 * The output as plain JSON: JSONata marks its arrays and objects with bookkeeping properties,
 * and a mapping's output is data for the next step, never JSONata's own structures.
 */
function toJson(output: unknown): unknown {
  return output === undefined ? undefined : (JSON.parse(JSON.stringify(output)) as unknown);
}

function catalogOf(options: EvaluateOptions): MappingCatalog {
  return options.catalog ?? (defaultCatalog ??= new MappingCatalog(MAPPINGS_DIR));
}
