// Junction's real runtime from the compiled build: `startServer` with the settings the parent
// puts in the environment (PORT=0, HOST, JUNCTION_DATA_DIR, JUNCTION_CONFIG, JUNCTION_ADMIN_KEY,
// LOG_LEVEL). Its log goes to stdout, which the parent points at /dev/null.
import { resolve } from 'node:path';
import { URL, pathToFileURL } from 'node:url';

const projectDir = process.env.BENCH_PROJECT_DIR;
if (!projectDir) throw new Error('expected BENCH_PROJECT_DIR to name the project, found nothing');
const entry = pathToFileURL(resolve(projectDir, 'dist/src/runtime/server.js')).href;
const { startServer } = await import(entry);
const { reportReady } = await import('./control.mjs');

const running = await startServer({ projectDir, quiet: true });
reportReady(Number(new URL(running.url).port), () => running.stop());
