export type {
  HttpInteraction,
  Interaction,
  InteractionKind,
  MessageInteraction,
  Pact,
  PactBody,
  PactProblem,
  PactProblemCode,
  PactRequest,
  PactResponse,
  PactResult,
  PactVersion,
  SyncMessageInteraction,
  UnsupportedInteraction,
} from './model.js';
export { isJsonMediaType } from './body.js';
export { describeValue, isRecord } from './describe-value.js';
export { readPact, readPactFile, readPactText } from './read-pact.js';
export { parseVersion } from './version.js';
