import { billingFake, type BillingState } from './billing-fake.js';
import { crmFake, type CrmState } from './crm-fake.js';
import { erpFake, type ErpState } from './erp-fake.js';
import {
  serveFake,
  type FakeDefinition,
  type FakeOptions,
  type FakeSystem,
} from './fake-system.js';

export type { BillingAccount, BillingState } from './billing-fake.js';
export type { BillingJournalRun } from './billing-journals.js';
export type { CrmState, SObjectName, SObjectRecord } from './crm-fake.js';
export type { ErpRecord, ErpRecordType, ErpState } from './erp-fake.js';
export type { FakeOptions, FakeSystem, InjectedFailure, RecordedCall } from './fake-system.js';

/** The state of each fake system, by the name `startFakeSystem` takes. */
export interface FakeStates {
  billing: BillingState;
  crm: CrmState;
  erp: ErpState;
}

/** The external systems there are fakes of. */
export type FakeSystemName = keyof FakeStates;

const DEFINITIONS = { billing: billingFake, crm: crmFake, erp: erpFake };

/**
 * Starts a stateful fake of an external system on loopback for tests and the demo: it serves the
 * system spec's operations over in-memory records, refuses requests the spec refuses, and records
 * every call.
 * @example
 * const erp = await startFakeSystem('erp');
 * const client = createErpSystemV1Client(erp.url);
 * // ... run the flow, then assert on erp.calls and erp.state
 * await erp.stop();
 */
export function startFakeSystem<Name extends FakeSystemName>(
  name: Name,
  options: FakeOptions = {},
): Promise<FakeSystem<FakeStates[Name]>> {
  // DEFINITIONS[name] is the definition of that name's state; TypeScript sees only the union.
  const definition = DEFINITIONS[name] as unknown as FakeDefinition<FakeStates[Name]>;
  return serveFake(definition, options);
}
