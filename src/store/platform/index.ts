export {
  ADMIN_KEY_PATTERN,
  createAdminKey,
  ensureAdminKey,
  findAdminKey,
  generateAdminKey,
  listAdminKeys,
  revokeAdminKey,
  type AdminKeyRecord,
  type AdminKeyRevocation,
  type AdminRole,
} from './admin-keys.js';
export {
  createClient,
  getClient,
  listClients,
  saveClient,
  type ClientInput,
  type ClientRecord,
  type ClientStatus,
} from './clients.js';
export {
  createCredential,
  listCredentials,
  revokeCredential,
  rotateCredential,
  type CredentialRecord,
  type CredentialStatus,
  type RevocationResult,
  type RotationResult,
} from './credentials.js';
export { clientDirectory, type ClientDirectory, type DirectoryCredential } from './directory.js';
export type { PageOf, PageRequest } from './paging.js';
export {
  createPlan,
  getPlan,
  listPlans,
  savePlan,
  type PlanApproval,
  type PlanInput,
  type PlanRecord,
  type RateLimit,
} from './plans.js';
export {
  deletePolicyConfig,
  listPolicyConfigs,
  putPolicyConfig,
  type PolicyConfigRecord,
  type PolicyTarget,
} from './policy-configs.js';
export { CONFIG_REVISION, configRevision } from './revision.js';
export {
  createSubscription,
  findSubscription,
  getSubscription,
  listSubscriptions,
  setSubscriptionStatus,
  type SubscriptionFilters,
  type SubscriptionInput,
  type SubscriptionRecord,
  type SubscriptionStatus,
} from './subscriptions.js';
