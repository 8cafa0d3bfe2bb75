import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the `@ranker/source` export
// condition), so a package's tests run without building its dependencies first.
const conditions = ['@ranker/source', 'module', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // The sweep and queue files start their own training processes: one file at a time, so they
    // do not compete for the 2 cores with each other.
    fileParallelism: false,
  },
});
