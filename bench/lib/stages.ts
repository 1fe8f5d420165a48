/** One pipeline stage as the CLI reported it on stderr. */
export interface StageLine {
  stage: string;
  status: 'ok' | 'failed' | 'skipped';
  ms: number | null;
}

/** What contender B's child prints on stdout: start-up time, per-stage times and its own RSS. */
export interface ChildReport {
  startupMs: number;
  stages: Record<string, number>;
  maxRssKb: number;
}

// `ok   api-github-com-2022-10-03 bundle    5900 ms`, as src/cli/output.ts prints it.
const STAGE_LINE = /^(ok|FAIL|skip)\s+\S+\s+(\S+)\s+(?:(\d+) ms|unchanged)$/;
const STATUS = { ok: 'ok', FAIL: 'failed', skip: 'skipped' } as const;

/** Reads the per-stage lines `junction generate` writes to stderr, in the order they finished. */
export function parseStageLines(stderr: string): StageLine[] {
  return stderr.split('\n').flatMap((line) => {
    const match = STAGE_LINE.exec(line.trimEnd());
    if (!match) return [];
    const status = STATUS[match[1] as keyof typeof STATUS];
    return [{ stage: match[2]!, status, ms: match[3] === undefined ? null : Number(match[3]) }];
  });
}

/** Reads the last JSON line of B's stdout; null when the child died before printing it. */
export function parseChildReport(stdout: string): ChildReport | null {
  const last = stdout.trim().split('\n').pop();
  if (!last?.startsWith('{')) return null;
  try {
    return JSON.parse(last) as ChildReport;
  } catch {
    return null;
  }
}
