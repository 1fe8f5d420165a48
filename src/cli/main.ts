import { Command, CommanderError } from 'commander';

import { registerGenerate } from './commands/generate.js';
import { registerLint } from './commands/lint.js';
import { registerMock } from './commands/mock.js';
import { registerServe } from './commands/serve.js';
import { fail } from './output.js';

const program = new Command('junction')
  .description('Junction: contract-first integrations platform')
  .showHelpAfterError()
  .exitOverride();

registerGenerate(program);
registerLint(program);
registerServe(program);
registerMock(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else {
    fail(err instanceof Error ? err.message : String(err));
  }
}
