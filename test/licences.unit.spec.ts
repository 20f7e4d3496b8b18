import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

/** SPDX expressions of licences that allow use in an Apache-2.0 product without copyleft terms. */
const PERMISSIVE_LICENCES = new Set([
  'MIT',
  'ISC',
  'Apache-2.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  '0BSD',
  'BlueOak-1.0.0',
  '(MIT AND BSD-3-Clause)',
]);

/**
 * Packages whose package.json uses the deprecated `licenses` array, so the lockfile records no
 * SPDX id. Each was checked by reading its LICENSE file (MIT text).
 */
const CHECKED_BY_HAND = new Map([
  ['busboy', 'MIT'],
  ['streamsearch', 'MIT'],
]);

interface LockPackage {
  dev?: boolean;
  license?: string;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      return name === 'node_modules' || name === 'generated' ? [] : sourceFiles(path);
    }
    return path.endsWith('.ts') && !/\.(spec|test)\.ts$/.test(path) ? [path] : [];
  });
}

describe('dependency licences', () => {
  it('ships only permissively licensed runtime packages', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, LockPackage>;
    };

    const offending = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.dev !== true)
      .map(([path, entry]) => {
        const name = path.replace(/^.*node_modules\//, '');
        return { name, licence: entry.license ?? CHECKED_BY_HAND.get(name) ?? 'unknown' };
      })
      .filter(({ licence }) => !PERMISSIVE_LICENCES.has(licence));

    expect(offending).toEqual([]);
  });

  it('keeps the AGPL oracle a devDependency', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };

    expect(manifest.dependencies['@cloud-copilot/iam-simulate']).toBeUndefined();
    expect(manifest.devDependencies['@cloud-copilot/iam-simulate']).toBeDefined();
  });

  it('never imports the AGPL oracle from shipped code', () => {
    const importers = [
      ...sourceFiles(join(ROOT, 'apps')),
      ...sourceFiles(join(ROOT, 'libs')),
    ].filter((path) => readFileSync(path, 'utf8').includes('@cloud-copilot/iam-simulate'));

    expect(importers).toEqual([]);
  });
});
