export { FORMATS, satisfiesFormat } from './formats.js';
export type { FormatRule } from './formats.js';
export { invalidVariants, replaceAt } from './invalid-variants.js';
export type { InvalidVariant } from './invalid-variants.js';
export { listOperations } from './operation.js';
export type { Operation, Parameter } from './operation.js';
export { patternGenerator } from './pattern.js';
export { Random } from './random.js';
export { buildInvalidRequest, buildValidRequest } from './request.js';
export type { FuzzRequest, InvalidRequest, RequestContext } from './request.js';
export {
  checkProblemAnswer,
  checkValidAnswer,
  declaredResponse,
  PROBLEM_TYPE_BASE,
} from './response-check.js';
export type { Answer, ErrorStatuses } from './response-check.js';
export { resolveSchema } from './schema.js';
export type { ApiDocument, Schema } from './schema.js';
export { generateValid } from './valid-value.js';
export type { Direction, GenerationContext } from './valid-value.js';
export { SchemaValidator } from './validator.js';
