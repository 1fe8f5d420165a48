import { Command, CommanderError } from 'commander';

import { registerContracts } from './commands/contracts.js';
import { registerDiff } from './commands/diff.js';
import { registerGenerate } from './commands/generate.js';
import { registerLint } from './commands/lint.js';
import { registerMock } from './commands/mock.js';
import { registerServe } from './commands/serve.js';
import { fail } from './output.js';

// A reader that stops early (`junction diff --rules | head`) closes the pipe; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

const program = new Command('junction')
  .description('Junction: contract-first integrations platform')
  .showHelpAfterError()
  .exitOverride();

registerGenerate(program);
registerLint(program);
registerServe(program);
registerMock(program);
registerDiff(program);
registerContracts(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // A usage mistake exits 2, never 1: for diff and contracts, 1 means "changes or failures found".
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    fail(err instanceof Error ? err.message : String(err));
  }
}
