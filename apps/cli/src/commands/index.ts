import type { Command } from 'commander';

/** Adds every subcommand to the program. Each source adds one line here. */
export function registerCommands(program: Command): void {
  void program;
}
