import type { Reason, ReasonCode, SchemaFailure } from './model.js';
import type { SchemaVerdict } from './schema-validator.js';

/** What checking one interaction found: broken rules, and schemas that could not be checked. */
export class Findings {
  readonly reasons: Reason[] = [];
  readonly uncheckable: string[] = [];

  /** Records one broken rule. */
  add(code: ReasonCode, pointer: string, expected: string, actual: string): void {
    this.reasons.push({ code, pointer, expected, actual });
  }

  /** Records every schema failure of a value under `code`, or why its schema was not checked. */
  addSchemaVerdict(code: ReasonCode, verdict: SchemaVerdict, where: string): void {
    if (!verdict.ok) {
      this.uncheckable.push(`${where}: ${verdict.reason}`);
      return;
    }
    for (const failure of verdict.failures) this.addFailure(code, failure);
  }

  private addFailure(code: ReasonCode, failure: SchemaFailure): void {
    this.add(code, failure.pointer, failure.expected, failure.actual);
  }
}
