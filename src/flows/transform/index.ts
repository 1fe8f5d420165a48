export { BUILTINS, type Builtin } from './builtins/index.js';
export { evaluateMapping, type EvaluateOptions } from './evaluate-mapping.js';
export { MappingError, type MappingErrorDetails, type MappingStage } from './mapping-error.js';
export {
  compileMapping,
  MappingCatalog,
  readMappingFile,
  type CompiledMapping,
  type MappingDefinition,
} from './mapping.js';
export { MappingSchemas, type SchemaRef, type SchemaViolation } from './output-schemas.js';
export { LookupError, ReferenceTables } from './reference-tables.js';
