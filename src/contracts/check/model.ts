import type { InteractionKind } from '../pact/index.js';

/** The rule an interaction breaks; stable, so reports and tests can rely on it. */
export type ReasonCode =
  | 'unknown-path'
  | 'unknown-method'
  | 'missing-parameter'
  | 'invalid-parameter'
  | 'missing-request-body'
  | 'unexpected-request-body'
  | 'undeclared-request-media-type'
  | 'invalid-request-body'
  | 'undeclared-status'
  | 'undeclared-response-media-type'
  | 'unexpected-response-body'
  | 'invalid-response-body'
  | 'invalid-message';

/**
 * One way an interaction breaks the spec. `pointer` is a JSON pointer into the interaction
 * (`/request/query/limit`, `/response/body/items/0/id`, `/contents/data/id`).
 */
export interface Reason {
  code: ReasonCode;
  pointer: string;
  expected: string;
  actual: string;
}

/** One way a value breaks its schema: where in the value, what the schema wants, what arrived. */
export interface SchemaFailure {
  pointer: string;
  expected: string;
  actual: string;
}

export type Outcome = 'pass' | 'fail' | 'unsupported';

/**
 * The verdict on one interaction. `detail` says what it was checked as (`GET /pets/{petId} ->
 * 200`, `message OrganizationCreated`) or, when unsupported, why it was not checked.
 */
export interface Verdict {
  description: string;
  kind: InteractionKind;
  outcome: Outcome;
  detail: string;
  reasons: Reason[];
}

/** How many interactions ended in each outcome. */
export type Summary = Record<Outcome, number>;

/** Every verdict of one pact against one spec. */
export interface PactReport {
  consumer: string;
  provider: string;
  verdicts: Verdict[];
  summary: Summary;
}
