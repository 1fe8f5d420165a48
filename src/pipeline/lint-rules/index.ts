import type { Plugin } from '@redocly/openapi-core';

import { createPagingParameters } from './paging-parameters.js';
import { PiiMarked } from './pii-marked.js';
import { createProblemResponses } from './problem-responses.js';

/**
 * The house lint rules as a Redocly plugin. Rule ids carry no plugin prefix (`pii-marked`, not
 * `junction/pii-marked`); shared-definition paths in their options resolve against `baseDir`,
 * the directory of redocly.yaml.
 */
export function createHouseRules(baseDir: string): Plugin {
  return {
    id: 'junction',
    rules: {
      oas3: {
        'pii-marked': PiiMarked,
        'problem-responses': createProblemResponses(baseDir),
        'paging-parameters': createPagingParameters(baseDir),
      },
    },
  };
}
