import type { Command } from 'commander';

import { registerConnectLocalStack } from './connect-localstack.js';
import { registerImportCloudTrail } from './import-cloudtrail.js';

/** Adds every subcommand to the program. Each source adds one line here. */
export function registerCommands(program: Command): void {
  registerConnectLocalStack(program);
  registerImportCloudTrail(program);
  void program;
}
