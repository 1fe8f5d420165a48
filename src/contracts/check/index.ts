export type { DeclaredMessage } from './asyncapi-messages.js';
export { listMessages } from './asyncapi-messages.js';
export { checkPact, summarize } from './check-pact.js';
export type { Outcome, PactReport, Reason, ReasonCode, Summary, Verdict } from './model.js';
export { formatReason, formatReportText, formatSummary } from './report.js';
export type { ContractSpec, SpecResult } from './spec.js';
export { loadSpecDocument, loadSpecFile } from './spec.js';
