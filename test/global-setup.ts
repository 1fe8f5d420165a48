import { generateProject, projectPaths } from '../src/pipeline/run.js';

/**
 * Brings `generated/` up to date before the integration tests, as `npm start` does: the bundled
 * documents and docs pages are not committed. Unchanged specs make this a no-op.
 */
export default async function setup(): Promise<void> {
  const report = await generateProject(projectPaths(process.cwd()), () => undefined);
  if (!report.ok) {
    const problems = report.results.flatMap((result) =>
      result.diagnostics.map((d) => `${result.api} ${result.stage}: ${d.message}`),
    );
    throw new Error(`the specs do not generate:\n${problems.join('\n')}`);
  }
}
