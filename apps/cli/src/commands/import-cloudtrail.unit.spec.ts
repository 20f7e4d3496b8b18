import { Command } from 'commander';
import { describe, expect, it } from 'vitest';

import { registerImportCloudTrail } from './import-cloudtrail.js';

function cloudTrailCommand(program: Command): Command {
  const importCommand = program.commands.find((command) => command.name() === 'import');
  return importCommand!.commands.find((command) => command.name() === 'cloudtrail')!;
}

describe('import cloudtrail command', () => {
  it('adds import cloudtrail with its options', () => {
    const program = new Command();

    registerImportCloudTrail(program);

    const options = cloudTrailCommand(program).options.map((option) => option.long);
    expect(options).toEqual(['--ingest', '--resume', '--state', '--batch-bytes', '--json']);
  });

  it('shares an import parent that another source created', () => {
    const program = new Command();
    program.command('import').command('other-source');

    registerImportCloudTrail(program);

    expect(program.commands.filter((command) => command.name() === 'import')).toHaveLength(1);
    expect(cloudTrailCommand(program)).toBeDefined();
  });

  it('rejects an ingest URL that is not http', async () => {
    const program = new Command().exitOverride();
    registerImportCloudTrail(program);
    cloudTrailCommand(program)
      .exitOverride()
      .configureOutput({ writeErr: () => undefined });

    await expect(
      program.parseAsync(['import', 'cloudtrail', 'logs', '--ingest', 'ftp://host'], {
        from: 'user',
      }),
    ).rejects.toThrow('"ftp://host" must start with http:// or https://');
  });

  it('rejects a batch size under 1024 bytes', async () => {
    const program = new Command().exitOverride();
    registerImportCloudTrail(program);
    cloudTrailCommand(program)
      .exitOverride()
      .configureOutput({ writeErr: () => undefined });

    await expect(
      program.parseAsync(['import', 'cloudtrail', 'logs', '--batch-bytes', '10'], { from: 'user' }),
    ).rejects.toThrow('"10" is not a whole number of bytes of at least 1024');
  });
});
