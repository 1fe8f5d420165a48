import type { Handlers } from '../../../../generated/canonical-v2/handlers.js';
import type { ApiContext } from '../../context.js';
import { handlers as v1 } from '../v1/index.js';
import {
  createOrganization,
  getOrganization,
  listOrganizations,
  updateOrganization,
} from './organizations.js';

/**
 * The canonical v2 API. Every entity but Organization is unchanged since v1, so v1's handlers
 * serve it; organizations are read and written with typed addresses.
 */
export const handlers = {
  ...v1,
  listOrganizations: (request, context) => listOrganizations(request.query, context),
  getOrganization: (request, context) => getOrganization(request.params.organizationId, context),
  createOrganization: (request, context) => createOrganization(request.body, context),
  updateOrganization: (request, context) =>
    updateOrganization(request.params.organizationId, request.body, context),
} satisfies Handlers<ApiContext>;
