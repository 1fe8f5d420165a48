import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** How a child's peak RSS and CPU time are read: GNU time's report, or a probe in each Node process. */
export type UsageMethod = 'gnu-time' | 'node-probe';

/** What a child used: its largest process's peak RSS and the CPU time of all its processes. */
export interface Usage {
  peakRssKb: number | null;
  cpuMs: number | null;
}

/** A command line, ready to spawn, that records the usage of the command it wraps. */
export interface WrappedCommand {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

const GNU_TIME = '/usr/bin/time';
const PROBE_MARK = '@@bench-usage:';
// writeSync, so the line is out before the process ends; no spaces, so it fits in NODE_OPTIONS.
const PROBE =
  `import{writeSync}from'node:fs';process.on('exit',()=>{const u=process.resourceUsage();` +
  `writeSync(2,'\\n${PROBE_MARK}'+u.maxRSS+':'+(u.userCPUTime+u.systemCPUTime)+'\\n')});`;
const PROBE_LINE = new RegExp(`\\n?${PROBE_MARK}(\\d+):(\\d+)\\n?`, 'g');

/** GNU time when `/usr/bin/time -v` works here (BusyBox time has no -v), else the Node probe. */
export function detectUsageMethod(): UsageMethod {
  if (process.env['BENCH_RSS'] === 'node-probe' || !existsSync(GNU_TIME)) return 'node-probe';
  const probe = spawnSync(GNU_TIME, ['-v', 'true'], { encoding: 'utf8', timeout: 10_000 });
  return probe.status === 0 && /Maximum resident set size/.test(probe.stderr)
    ? 'gnu-time'
    : 'node-probe';
}

/** Wraps a command so its usage can be read afterwards with `readUsage`. */
export function wrapCommand(
  command: string,
  args: string[],
  method: UsageMethod,
  reportFile: string,
): WrappedCommand {
  if (method === 'gnu-time') {
    return {
      command: GNU_TIME,
      args: ['-v', '-o', reportFile, command, ...args],
      env: process.env,
    };
  }
  const probe = `--import=data:text/javascript,${encodeURIComponent(PROBE)}`;
  const nodeOptions = [process.env['NODE_OPTIONS'], probe].filter(Boolean).join(' ');
  return { command, args, env: { ...process.env, NODE_OPTIONS: nodeOptions } };
}

/**
 * Reads what a wrapped command used. GNU time reports the largest RSS of the process and the
 * children it waited for, and their summed CPU; the probe's lines are reduced the same way.
 */
export function readUsage(method: UsageMethod, reportFile: string, stderr: string): Usage {
  if (method === 'node-probe') return readProbe(stderr);
  if (!existsSync(reportFile)) return { peakRssKb: null, cpuMs: null };
  const report = readFileSync(reportFile, 'utf8');
  const field = (name: string) => new RegExp(`${name}: ([\\d.]+)`).exec(report)?.[1];
  const rss = field('Maximum resident set size \\(kbytes\\)');
  const user = field('User time \\(seconds\\)');
  const system = field('System time \\(seconds\\)');
  return {
    peakRssKb: rss === undefined ? null : Number(rss),
    cpuMs:
      user === undefined || system === undefined
        ? null
        : Math.round((Number(user) + Number(system)) * 1000),
  };
}

/** The child's stderr without the probe's lines. */
export function withoutProbeLines(stderr: string): string {
  return stderr.replace(PROBE_LINE, '\n');
}

function readProbe(stderr: string): Usage {
  const lines = [...stderr.matchAll(PROBE_LINE)];
  if (lines.length === 0) return { peakRssKb: null, cpuMs: null };
  const cpuMicros = lines.reduce((sum, line) => sum + Number(line[2]), 0);
  return {
    peakRssKb: Math.max(...lines.map((line) => Number(line[1]))),
    cpuMs: Math.round(cpuMicros / 1000),
  };
}
