import { createAdminKey, listAdminKeys, revokeAdminKey } from './admin-keys.js';
import { listApis } from './apis.js';
import { exportRecords } from './exports.js';
import { startImport } from './imports.js';
import { cancelJob, getJob, getJobReport, listJobs } from './jobs.js';
import { createClient, getClient, listClients, updateClient } from './clients.js';
import {
  createCredential,
  listCredentials,
  revokeCredential,
  rotateCredential,
} from './credentials.js';
import { getDeadLetter, listDeadLetters, replayDeadLetter } from './dead-letters.js';
import { getFlowRun, listFlowRuns } from './flow-runs.js';
import { createPlan, getPlan, listPlans, updatePlan } from './plans.js';
import { listPollers } from './pollers.js';
import {
  deleteApiPolicy,
  deleteOperationPolicy,
  listApiPolicies,
  putApiPolicy,
  putOperationPolicy,
} from './policies.js';
import type { PlatformHandlers } from './schemas.js';
import {
  createSubscription,
  getSubscription,
  listSubscriptions,
  updateSubscription,
} from './subscriptions.js';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  replayWebhookDelivery,
  rotateWebhookSecret,
  updateWebhook,
} from './webhooks.js';

/**
 * The platform v1 API: clients and their credentials, plans, subscriptions, the policies
 * configured per API version, and admin keys. Its `admin-key` policy authenticates every call.
 */
export const handlers = {
  listClients,
  createClient,
  getClient,
  updateClient,
  listCredentials,
  createCredential,
  rotateCredential,
  revokeCredential,
  listPlans,
  createPlan,
  getPlan,
  updatePlan,
  listSubscriptions,
  createSubscription,
  getSubscription,
  updateSubscription,
  listApis,
  listApiPolicies,
  putApiPolicy,
  putOperationPolicy,
  deleteApiPolicy,
  deleteOperationPolicy,
  listAdminKeys,
  createAdminKey,
  revokeAdminKey,
  listJobs,
  getJob,
  cancelJob,
  getJobReport,
  startImport,
  exportRecords,
  listFlowRuns,
  getFlowRun,
  listDeadLetters,
  getDeadLetter,
  replayDeadLetter,
  listPollers,
  listWebhooks,
  createWebhook,
  getWebhook,
  updateWebhook,
  deleteWebhook,
  rotateWebhookSecret,
  listWebhookDeliveries,
  replayWebhookDelivery,
} satisfies PlatformHandlers;
