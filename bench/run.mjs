// Compiles the benchmarks with tsc into a temporary folder and runs them with plain Node,
// because Node 20 cannot run TypeScript and the project has no TypeScript runner.
// Usage: npm run bench [-- --quick]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repository = dirname(dirname(fileURLToPath(import.meta.url)));
const outDir = mkdtempSync(join(tmpdir(), 'policy-ledger-bench-'));

try {
  const tsc = join(repository, 'node_modules', 'typescript', 'bin', 'tsc');
  const compile = spawnSync(
    process.execPath,
    [tsc, '-p', join(repository, 'bench', 'tsconfig.json'), '--outDir', outDir],
    { stdio: 'inherit' },
  );
  if (compile.status !== 0) {
    console.error(
      `tsc failed with exit code ${compile.status}. Fix the type errors printed above and run again.`,
    );
    process.exit(1);
  }

  // The compiled files are ES modules that import packages by name, so the folder needs the
  // module type and the repository's node_modules.
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(join(repository, 'node_modules'), join(outDir, 'node_modules'), 'dir');

  const { runBenchmarks } = await import(
    pathToFileURL(join(outDir, 'bench', 'engine.bench.js')).href
  );
  await runBenchmarks(process.argv.slice(2));
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
