/**
 * Issue 17, item 9: a process whose worker thread used the addon died with SIGSEGV when the
 * worker ended. Node unloads (dlclose) an addon loaded only by a worker when that worker exits;
 * libgomp's OpenMP pool threads, started by the addon's parallel loops, outlive it and crashed
 * in unmapped code (gdb: SIGSEGV in a libgomp thread while the worker ran _dl_close). The addon
 * is linked with `-z nodelete` so it stays mapped. Slow by this package's standards (child
 * processes, a few seconds): the crash is a race, so the check runs several times.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addonPath } from '../src/index.js';

const built = existsSync(addonPath);

// The worker loads the addon and runs an OpenMP-threaded pass, then ends; the main thread
// outlives it by 300 ms, the time the crash needed to show.
const child = (addon: string) => `
const { Worker } = require('node:worker_threads');
const worker = new Worker(\`
  const addon = require(${JSON.stringify(addon)});
  const n = 1 << 22;
  for (let i = 0; i < 20; i++) addon.copySquareSum(new Float32Array(n).fill(1), new Float32Array(n));
\`, { eval: true });
worker.on('exit', () => setTimeout(() => process.exit(0), 300));
`;

describe.skipIf(!built)('a worker thread that used the addon ends cleanly', () => {
  it('the addon is marked NODELETE (readelf): dlclose leaves it mapped', () => {
    const dynamic = spawnSync('readelf', ['-d', addonPath], { encoding: 'utf8' }).stdout;
    expect(dynamic).toMatch(/FLAGS_1\)\s+Flags: .*NODELETE/);
  });

  it('no process dies by a signal when its worker ends (8 runs)', () => {
    const ends = Array.from({ length: 8 }, () => {
      const run = spawnSync(process.execPath, ['-e', child(addonPath)], { encoding: 'utf8' });
      return run.signal ?? run.status;
    });
    expect(ends).toEqual(Array(8).fill(0));
  });
});
