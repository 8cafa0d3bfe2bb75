import { createRequire } from 'node:module';

/** This package's version (src/ and dist/ both sit next to package.json): queue jobs carry it. */
export const EXPERIMENT_VERSION: string = createRequire(import.meta.url)('../package.json').version;
