import { createRequire } from 'node:module';

import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql module instance for Nest, Apollo and the tests; two copies make schema
    // building fail with "another module or realm".
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    globals: false,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{apps,libs,test}/**/*.unit.spec.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['{apps,libs,test}/**/*.int.spec.ts', '{apps,libs,test}/**/*.e2e.spec.ts'],
          setupFiles: ['test/support/int-environment.ts'],
          globalSetup: ['test/support/int-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Integration files share one Kafka broker and one database. Each file uses its own
          // account ids and topics, but running them one at a time keeps 2-core CI stable.
          fileParallelism: false,
        },
      },
    ],
  },
});
