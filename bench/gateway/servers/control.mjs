// The parent's side channel to a benchmarked server process: it says when the server listens,
// reports the process's CPU time on request, and stops the server when told. Plain JavaScript so
// every server runs under plain `node`, as it would in production.

/**
 * Reports `port` to the parent, then answers `cpu` with the process's CPU time in microseconds
 * and `stop` by awaiting `stop()` and exiting (a clean exit lets `--cpu-prof` write its profile).
 * @param {number} port
 * @param {() => Promise<void>} stop
 */
export function reportReady(port, stop) {
  if (!process.send) throw new Error('expected to run as a child with an IPC channel, found none');
  process.on('message', (message) => {
    if (message === 'cpu') {
      const usage = process.cpuUsage();
      process.send?.({ type: 'cpu', micros: usage.user + usage.system });
    } else if (message === 'stop') {
      void stop().then(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready', port });
}

/**
 * The JSON body every bare server answers with: the parent passes the body Junction answers for
 * the same organization, so all variants send the same bytes.
 * @returns {unknown}
 */
export function bodyFromEnv() {
  const raw = process.env.BENCH_BODY;
  if (!raw) throw new Error('expected BENCH_BODY to hold the JSON body to answer, found nothing');
  return JSON.parse(raw);
}
