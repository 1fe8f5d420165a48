import { startFakeSystem } from '../../src/connectors/fakes/index.js';
import type { FakeStates, FakeSystem } from '../../src/connectors/fakes/index.js';

/** Fakes of the billing system and the CRM on loopback, and how to point an app at them. */
export interface SystemFakes {
  billing: FakeSystem<FakeStates['billing']>;
  crm: FakeSystem<FakeStates['crm']>;
  /**
   * Runs `start` with `BILLING_SYSTEM_URL` and `CRM_SYSTEM_URL` naming the fakes, as the runtime
   * reads them when it starts, and restores the environment after.
   */
  serving<T>(start: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

const VARIABLES = ['BILLING_SYSTEM_URL', 'CRM_SYSTEM_URL'] as const;

/** Starts the billing and CRM fakes the reference flows call. */
export async function startSystemFakes(): Promise<SystemFakes> {
  const billing = await startFakeSystem('billing');
  const crm = await startFakeSystem('crm').catch(async (err: unknown) => {
    await billing.stop();
    throw err;
  });
  return {
    billing,
    crm,
    async serving(start) {
      const before = VARIABLES.map((name) => process.env[name]);
      process.env.BILLING_SYSTEM_URL = billing.url;
      process.env.CRM_SYSTEM_URL = crm.url;
      try {
        return await start();
      } finally {
        VARIABLES.forEach((name, i) => restore(name, before[i]));
      }
    },
    async stop() {
      await crm.stop();
      await billing.stop();
    },
  };
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
