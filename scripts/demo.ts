/**
 * `npm run demo`: runs the reference flows end to end on one machine. Starts stateful fakes of
 * the billing, CRM and ERP systems and a Junction server over a temporary SQLite database, all on
 * loopback; buys a subscription through the storefront API; waits for the CRM link (F2) and
 * provisioning (F4) flows the purchase's events start; prints the flow-run trace under the one
 * correlation id; and removes everything it made.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startFakeSystem, type FakeSystem } from '../src/connectors/fakes/index.js';
import { getFlowRun, listFlowRuns, type FlowRunDetail } from '../src/flows/flow-runs.js';
import { createLogger } from '../src/observability/logger.js';
import { startServer, type RunningServer } from '../src/runtime/server.js';

const FLOWS_AFTER_PURCHASE = ['crm-link', 'provisioning'];
const WAIT_MS = 60_000;

const out = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  ensureBundles();
  const fakes = {
    billing: await startFakeSystem('billing'),
    crm: await startFakeSystem('crm'),
    erp: await startFakeSystem('erp'),
  };
  const dataDir = await mkdtemp(join(tmpdir(), 'junction-demo-'));
  let server: RunningServer | undefined;
  try {
    useEmbeddedServices(fakes);
    server = await startServer({
      projectDir: process.cwd(),
      logger: createLogger('silent'),
      overrides: { port: 0, host: '127.0.0.1', dataDir, databaseUrl: undefined },
      quiet: true,
    });
    printSetting(fakes, server.url, dataDir);
    await seedCatalogue(server.url);
    const correlationId = `demo-${randomUUID()}`;
    const purchase = await buy(server.url, correlationId);
    if (purchase === undefined) return 1;
    const runs = await waitForFlows(server, correlationId);
    printTrace(runs, correlationId);
    printCalls(fakes);
    return everyFlowCompleted(runs) ? 0 : 1;
  } finally {
    await server?.stop();
    for (const fake of Object.values(fakes)) await fake.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * Bundled specs are build output that is not committed; a fresh clone has none until the
 * pipeline runs, and the server and the fakes read them.
 */
function ensureBundles(): void {
  if (missingBundles().length === 0) return;
  out('Generating the API bundles (first run after a fresh clone)...');
  const run = spawnSync(process.execPath, ['bin/junction.js', 'generate'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (run.status !== 0) throw new Error(`expected junction generate to succeed, got ${run.status}`);
}

/** The API versions under generated/ whose bundled document is missing. */
function missingBundles(): string[] {
  return readdirSync('generated', { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join('generated', entry.name, 'api.json')))
    .map((entry) => entry.name)
    .filter((id) => {
      const bundle = id.includes('-events-') ? 'asyncapi.json' : 'openapi.json';
      return !existsSync(join('generated', id, bundle));
    });
}

/** Points the runtime at the fakes and at embedded storage, whatever the shell has set. */
function useEmbeddedServices(fakes: Record<'billing' | 'crm' | 'erp', FakeSystem<unknown>>) {
  process.env.BILLING_SYSTEM_URL = fakes.billing.url;
  process.env.CRM_SYSTEM_URL = fakes.crm.url;
  process.env.ERP_SYSTEM_URL = fakes.erp.url;
  for (const name of ['DATABASE_URL', 'NATS_URL', 'REDIS_URL']) delete process.env[name];
}

function printSetting(fakes: Record<string, FakeSystem<unknown>>, url: string, dataDir: string) {
  out('Junction reference flows demo');
  for (const [name, fake] of Object.entries(fakes))
    out(`  ${`${name} fake`.padEnd(13)} ${fake.url}`);
  out(`  ${'junction'.padEnd(13)} ${url} (SQLite in ${dataDir})`);
  out();
}

async function post(url: string, body: unknown, correlationId?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(correlationId === undefined ? {} : { 'x-correlation-id': correlationId }),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The billing fake's catalogue (Premium, one year, per seat) as a canonical product and plan. */
async function seedCatalogue(url: string): Promise<void> {
  const product = await post(`${url}/canonical/v1/products`, {
    sku: 'SKU-00000002',
    name: 'Premium',
    family: 'tier',
    deploymentType: 'saas',
    effectiveStart: '2020-01-01',
    externalRefs: [{ system: 'billing', type: 'Product', id: '8ad0823f8c7a4f2f018c7b8e4d5e6f60' }],
  });
  const plan = await post(`${url}/canonical/v1/plans`, {
    productId: product.body.id,
    planCode: 'premium-annual',
    name: 'Premium, annual, per seat',
    chargeModel: 'per-unit',
    chargeType: 'recurring',
    billingPeriod: 'annual',
    listPrices: [{ amount: '348.00', currency: 'USD' }],
    externalRefs: [
      { system: 'billing', type: 'ProductRatePlan', id: '8ad0823f8c7a4f2f018c7b8e4d5e6f70' },
      { system: 'billing', type: 'ProductRatePlanCharge', id: '8ad0823f8c7a4f2f018c7b8e4d5e6f71' },
    ],
  });
  if (product.status !== 201 || plan.status !== 201) {
    throw new Error(
      `expected the catalogue to be created, got ${product.status} and ${plan.status}`,
    );
  }
}

async function buy(url: string, correlationId: string) {
  const checkout = {
    checkoutId: 'chk_demo_0001',
    buyer: {
      firstName: 'Jana',
      lastName: 'Becker',
      email: 'jana@acme-robotics.example',
      country: 'DE',
    },
    organization: { name: 'Acme Robotics GmbH', domain: 'acme-robotics.example' },
    planCode: 'premium-annual',
    quantity: 25,
    deployment: 'saas',
    namespaceId: '81234567',
    paymentMethodToken: '8ad08e0184a4a4c30184b2d2c9d04711',
  };
  const answer = await post(`${url}/storefront/v1/purchases`, checkout, correlationId);
  out(`POST /storefront/v1/purchases (checkout ${checkout.checkoutId}) -> ${answer.status}`);
  out(`  ${JSON.stringify(answer.body)}`);
  out();
  return answer.status === 201 ? answer.body : undefined;
}

/** Polls the flow-run log until the flows after the purchase have ended, or the wait is over. */
async function waitForFlows(server: RunningServer, correlationId: string) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const page = await listFlowRuns(server.store, { correlationId, limit: 20 });
    const ended = page.items.filter(
      (run) => run.status !== 'running' && run.status !== 'compensating',
    );
    const flows = new Set(ended.map((run) => run.flow));
    if (FLOWS_AFTER_PURCHASE.every((flow) => flows.has(flow)) || Date.now() > deadline) {
      const details = await Promise.all(page.items.map((run) => getFlowRun(server.store, run.id)));
      return details
        .filter((detail): detail is FlowRunDetail => detail !== undefined)
        .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** True when the purchase and every flow after it ran and completed. */
function everyFlowCompleted(runs: readonly FlowRunDetail[]): boolean {
  const completed = new Set(
    runs.filter((run) => run.status === 'completed').map((run) => run.flow),
  );
  const missing = ['web-purchase', ...FLOWS_AFTER_PURCHASE].filter((flow) => !completed.has(flow));
  if (missing.length > 0)
    process.stderr.write(`expected completed runs of ${missing.join(', ')}\n`);
  return missing.length === 0 && runs.every((run) => run.status === 'completed');
}

function printTrace(runs: readonly FlowRunDetail[], correlationId: string) {
  out(`Flow runs under correlation id ${correlationId}:`);
  for (const run of runs) {
    out(`  ${run.flow} ${run.status} (run ${run.id}, correlation id ${run.correlationId})`);
    for (const step of run.steps) {
      const events = step.events.map((event) =>
        event.type.replace(/^com\.junction\.canonical\./, ''),
      );
      const action = step.action === 'compensate' ? ' (compensation)' : '';
      const emitted = events.length === 0 ? '' : `  emitted ${events.join(', ')}`;
      out(
        `    ${String(step.seq).padStart(2)}. ${step.step.padEnd(28)} ${step.system.padEnd(15)} ${step.status}${action}${emitted}`,
      );
    }
  }
  const correlated = runs.every((run) => run.correlationId === correlationId);
  out(`  one correlation id throughout: ${correlated ? 'yes' : 'no'}`);
  out();
}

function printCalls(fakes: Record<string, FakeSystem<unknown>>) {
  out('Calls the systems received:');
  for (const [name, fake] of Object.entries(fakes)) {
    const calls = fake.calls.map((call) => {
      const query = typeof call.query.q === 'string' ? ` ${call.query.q}` : '';
      return `${call.method} ${decodeURIComponent(call.path)}${query}`;
    });
    out(`  ${name}:${calls.length === 0 ? ' (none)' : ''}`);
    for (const call of calls) out(`    ${call}`);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
