import { pathToFileURL } from 'node:url';

import { Command } from 'commander';

import { registerCommands } from './commands/index.js';

/** Builds the `policy-ledger` command line. Each command lives in its own file in commands/. */
export function createProgram(): Command {
  const program = new Command()
    .name('policy-ledger')
    .description('Policy Ledger command line: connect sources and import IAM evaluation events')
    .showHelpAfterError();

  registerCommands(program);
  return program;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await createProgram().parseAsync(process.argv);
}
