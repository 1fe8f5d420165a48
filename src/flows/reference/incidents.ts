import { randomUUID } from 'node:crypto';

import type { Kysely } from 'kysely';

import type { Store } from '../../store/index.js';

/** Something a flow could not do on its own, for an operator to look at. */
export interface Incident {
  id: string;
  flow: string;
  runId: string;
  correlationId: string;
  /** What it is about: `journal-entries/JE-00000007`, `billing-accounts/A00000001`. */
  subject: string;
  reason: string;
  /** The dead letter that holds the payload, when one was recorded. */
  deadLetterId: string | null;
  openedAt: string;
}

interface IncidentRow {
  id: string;
  flow: string;
  run_id: string;
  correlation_id: string;
  subject: string;
  reason: string;
  dead_letter_id: string | null;
  opened_at: string;
}

function dbOf(store: Store): Kysely<{ flow_incidents: IncidentRow }> {
  return store.db as Kysely<{ flow_incidents: IncidentRow }>;
}

/** Opens an incident and returns its id. */
export async function openIncident(
  store: Store,
  incident: Omit<Incident, 'id' | 'openedAt' | 'deadLetterId'> & { deadLetterId?: string },
): Promise<string> {
  const id = randomUUID();
  await dbOf(store)
    .insertInto('flow_incidents')
    .values({
      id,
      flow: incident.flow,
      run_id: incident.runId,
      correlation_id: incident.correlationId,
      subject: incident.subject,
      reason: incident.reason,
      dead_letter_id: incident.deadLetterId ?? null,
      opened_at: new Date().toISOString(),
    })
    .execute();
  return id;
}

/** The first incident `flow` opened about `subject` for `reason`, or undefined. */
export async function findIncident(
  store: Store,
  about: Pick<Incident, 'flow' | 'subject' | 'reason'>,
): Promise<Incident | undefined> {
  const row = await dbOf(store)
    .selectFrom('flow_incidents')
    .selectAll()
    .where('flow', '=', about.flow)
    .where('subject', '=', about.subject)
    .where('reason', '=', about.reason)
    .orderBy('opened_at')
    .orderBy('id')
    .executeTakeFirst();
  return row === undefined ? undefined : toIncident(row);
}

/** The incidents a flow run opened, oldest first. */
export async function listIncidents(store: Store, runId: string): Promise<Incident[]> {
  const rows = await dbOf(store)
    .selectFrom('flow_incidents')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('opened_at')
    .orderBy('id')
    .execute();
  return rows.map(toIncident);
}

function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    flow: row.flow,
    runId: row.run_id,
    correlationId: row.correlation_id,
    subject: row.subject,
    reason: row.reason,
    deadLetterId: row.dead_letter_id,
    openedAt: row.opened_at,
  };
}
