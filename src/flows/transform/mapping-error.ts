/** The step of a mapping's life at which it failed. */
export type MappingStage = 'load' | 'compile' | 'evaluate' | 'validate';

/** Where a failure happened, as far as it is known. */
export interface MappingErrorDetails {
  /** The mapping's name, for example `canonical-invoice-to-finance-invoice`. */
  mapping: string;
  stage: MappingStage;
  /** The file the mapping came from, when it came from one. */
  file?: string;
  /** 1-based line and column in the expression, for compile and evaluate failures. */
  line?: number;
  column?: number;
  /** The JSONata error code (`S0203`, `T0410`), when JSONata raised it. */
  code?: string;
  /** The JSON pointer into the output that broke its schema, and the value found there. */
  pointer?: string;
  value?: unknown;
}

/**
 * Any failure of a mapping: its message names the mapping, where it failed and why, in one
 * sentence; the fields carry the same facts for code that handles it.
 */
export class MappingError extends Error {
  override readonly name = 'MappingError';

  constructor(
    readonly details: MappingErrorDetails,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`mapping '${details.mapping}'${describeWhere(details)}: ${reason}`, options);
  }
}

function describeWhere(details: MappingErrorDetails): string {
  const file = details.file === undefined ? '' : ` (${details.file})`;
  const verb = STAGE_VERBS[details.stage];
  const at =
    details.line === undefined
      ? ''
      : ` at expression line ${details.line}, column ${details.column}`;
  return `${file} ${verb}${at}`;
}

const STAGE_VERBS: Readonly<Record<MappingStage, string>> = {
  load: 'could not be loaded',
  compile: 'does not compile',
  evaluate: 'failed',
  validate: 'produced output that breaks its schema',
};

/** The 1-based line and column of a character offset in an expression. */
export function locate(expression: string, position: number): { line: number; column: number } {
  const offset = Math.max(0, Math.min(position, expression.length) - 1);
  const before = expression.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}
