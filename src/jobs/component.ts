import type { RuntimeComponent } from '../runtime/components.js';
import { lendStreams } from './http-exchange.js';
import { startJobRunner } from './job-runner.js';

/** The platform API routes whose handlers stream their request or response body. */
const STREAMING_ROUTES = ['/platform/v1/imports', '/platform/v1/exports', '/platform/v1/jobs'];

/**
 * The `jobs` runtime component: a job runner that claims queued and abandoned jobs, and the
 * streams the import, export and report handlers read and write. Provides `services.jobs`.
 */
export const jobsComponent: RuntimeComponent = {
  name: 'jobs',
  start({ store, logger }) {
    const runner = startJobRunner({ store, logger });
    return Promise.resolve({
      stop: () => runner.stop(),
      services: { jobs: runner },
      routes: (app) => void app.use(STREAMING_ROUTES, lendStreams()),
    });
  },
};
