import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the `@ranker/source` export
// condition), so a package's tests run without building its dependencies first.
const conditions = ['@ranker/source', 'module', 'node', 'import', 'default'];

/**
 * tfjs-core's jasmine_util.js requires jasmine-core by a bare name, which pnpm's strict layout
 * does not resolve from tfjs-core's folder: point it at our devDependency.
 */
function jasmineCoreFromHere(): Plugin {
  const jasminePath = createRequire(import.meta.url).resolve(
    'jasmine-core/lib/jasmine-core/jasmine.js',
  );
  return {
    name: 'tfjs-jasmine-core',
    transform(code, id) {
      if (!id.endsWith('tfjs-core/dist/jasmine_util.js')) return null;
      return code.replace(
        "require('jasmine-core/lib/jasmine-core/jasmine.js')",
        `require(${JSON.stringify(jasminePath)})`,
      );
    },
  };
}

const opSuite = 'test/tfjs-op-suite.test.ts';

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: [opSuite],
        },
      },
      {
        // tfjs-core's own op specs ship as ES modules with extension-less imports in a package
        // Node reads as CommonJS: Vite has to transform tfjs-core for this file.
        extends: true,
        plugins: [jasmineCoreFromHere()],
        test: {
          name: 'tfjs-op-suite',
          include: [opSuite],
          server: { deps: { inline: [/@tensorflow\/tfjs-core\//] } },
        },
      },
    ],
  },
});
