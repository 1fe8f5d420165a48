import { median, perSecond } from './stats.js';

/** One measured run of one contender. */
export interface RoundRecord {
  contender: string;
  round: number;
  events: number;
  ms: number;
  eventsPerSecond: number;
  /** The one-minute load average just before the run. */
  loadBefore: number;
  /** For relay rounds: the share of the run with a publish in flight. */
  publishingShare?: number;
}

/** One contender's summary over the measured rounds. */
export interface ContenderSummary {
  contender: string;
  description: string;
  medianEventsPerSecond: number;
  minEventsPerSecond: number;
  maxEventsPerSecond: number;
  /** Median events per second over the raw JetStream loop's median. */
  ratioToRaw: number | null;
  /** The median of this contender's rate over the raw loop's in the same round. */
  pairedRatioToRaw: number | null;
}

/** What `bench/results/events.json` holds. */
export interface EventsReport {
  measuredAt: string;
  node: string;
  natsServer: string;
  cpus: number;
  settings: Record<string, number | string>;
  load: { before: number[]; after: number[]; perRound: number[] };
  summaries: ContenderSummary[];
  rounds: RoundRecord[];
  notes: string[];
}

/** Summarises every contender's rounds, each against the raw loop's median. */
export function summarise(
  contenders: readonly { id: string; description: string }[],
  rounds: readonly RoundRecord[],
  rawId: string,
): ContenderSummary[] {
  const rates = (id: string) =>
    rounds.filter((r) => r.contender === id).map((r) => r.eventsPerSecond);
  const raw = median(rates(rawId));
  const rawByRound = new Map(
    rounds.filter((r) => r.contender === rawId).map((r) => [r.round, r.eventsPerSecond]),
  );
  const paired = (id: string) =>
    median(
      rounds
        .filter((r) => r.contender === id && (rawByRound.get(r.round) ?? 0) > 0)
        .map((r) => r.eventsPerSecond / (rawByRound.get(r.round) ?? 1)),
    );
  return contenders.map(({ id, description }) => {
    const own = rates(id);
    const middle = median(own);
    const comparable = !id.startsWith('stage-');
    return {
      contender: id,
      description,
      medianEventsPerSecond: Math.round(middle),
      minEventsPerSecond: Math.round(Math.min(...own)),
      maxEventsPerSecond: Math.round(Math.max(...own)),
      // A stage alone moves no event to a consumer; its rate is not comparable to the loop's.
      ratioToRaw: raw > 0 && comparable ? Number((middle / raw).toFixed(2)) : null,
      pairedRatioToRaw: comparable ? Number(paired(id).toFixed(2)) : null,
    };
  });
}

/** The rate of one run. */
export function roundRecord(
  contender: string,
  round: number,
  events: number,
  ms: number,
  loadBefore: number,
): RoundRecord {
  const rate = perSecond(events, ms);
  return {
    contender,
    round,
    events,
    ms: Math.round(ms),
    eventsPerSecond: Math.round(rate),
    loadBefore,
  };
}

/** The markdown page of a report. */
export function formatMarkdown(report: EventsReport): string {
  const rows = report.summaries.map(
    (s) =>
      `| ${s.contender} | ${s.description} | ${s.medianEventsPerSecond} | ` +
      `${s.minEventsPerSecond}–${s.maxEventsPerSecond} | ${s.ratioToRaw ?? 'n/a'} | ` +
      `${s.pairedRatioToRaw ?? 'n/a'} |`,
  );
  const settings = Object.entries(report.settings)
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
  return [
    '# Events benchmark',
    '',
    'Events per second from the outbox to a consumer through the outbox relay, on the embedded',
    'bus and on NATS JetStream, against a raw JetStream publish-and-consume loop of the same',
    'events on the same server in the same run (`npm run bench:events`).',
    '',
    `Measured ${report.measuredAt} on Node ${report.node}, nats-server ${report.natsServer}, ` +
      `${report.cpus} CPUs; ${settings}.`,
    `Load average (1 min) before ${report.load.before.join(' / ')}, after ` +
      `${report.load.after.join(' / ')}; per round ${Math.min(...report.load.perRound).toFixed(2)}` +
      ` to ${Math.max(...report.load.perRound).toFixed(2)}.`,
    '',
    '| contender | what | median events/s | range | ratio to raw | same-round ratio |',
    '| --- | --- | ---: | --- | ---: | ---: |',
    ...rows,
    '',
    ...report.notes,
    '',
  ].join('\n');
}
