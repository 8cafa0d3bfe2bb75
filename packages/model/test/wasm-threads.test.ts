import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend.js';
import { bundlePrelude, MAX_WASM_THREADS, wasmThreadCount } from '../src/wasm-threads.js';

const bundle = readFileSync(
  createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'),
  'utf8',
);
const expectedThreads = Math.min(os.availableParallelism(), MAX_WASM_THREADS);
const threadWord = (n: number) => (n === 1 ? '1 thread (one core)' : `${n} threads`);

describe('wasmThreadCount', () => {
  it('is one per core, at most the 8 workers tfjs starts, unless RANKER_WASM_THREADS says', () => {
    expect(wasmThreadCount({}, 2)).toBe(2);
    expect(wasmThreadCount({}, 64)).toBe(8);
    expect(wasmThreadCount({ RANKER_WASM_THREADS: '' }, 3)).toBe(3);
    expect(wasmThreadCount({ RANKER_WASM_THREADS: '1' }, 16)).toBe(1);
    expect(wasmThreadCount({ RANKER_WASM_THREADS: '4' }, 2)).toBe(4);
  });

  it.each(['0', '9', '1.5', 'two'])(
    'refuses RANKER_WASM_THREADS=%s, naming the variable',
    (value) => {
      expect(() => wasmThreadCount({ RANKER_WASM_THREADS: value }, 2)).toThrow(
        `RANKER_WASM_THREADS: expected a whole number of threads from 1 to 8, got '${value}'`,
      );
    },
  );
});

describe('bundlePrelude', () => {
  it("takes tfjs-backend-wasm's own definitions of the variables its worker script names", () => {
    const prelude = bundlePrelude(bundle);
    expect(prelude).toContain("var require$$4 = require('os');");
    expect(prelude).toMatch(/^var commonjsGlobal = /m);
    // The worker evaluates the prelude in its global scope: each line is a plain definition.
    for (const line of prelude.trim().split('\n')) expect(line).toMatch(/^var [\w$]+ = .+;$/);
  });

  it('refuses a bundle of another shape, saying what it lacks', () => {
    expect(() => bundlePrelude(bundle.replaceAll('e.data.urlOrBlob', 'e.data.url'))).toThrow(
      'its worker script no longer contains if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}',
    );
    expect(() => bundlePrelude(bundle.replace("var require$$4 = require('os');", ''))).toThrow(
      "its bundle no longer defines require('os') at the top level",
    );
  });
});

describe('the wasm backend in Node', () => {
  it('runs XNNPACK on one thread per core and computes what the cpu backend computes', async () => {
    const lines: string[] = [];
    await selectBackend('wasm', (line) => lines.push(line));
    expect(lines[0]).toContain(`SIMD, ${threadWord(expectedThreads)}`);
    const pthreads = (tf.backend() as unknown as { wasm: { PThread: { runningWorkers: [] } } }).wasm
      .PThread;
    // pthreadpool counts the calling thread: it starts threads − 1 workers.
    expect(pthreads.runningWorkers).toHaveLength(expectedThreads - 1);

    const x = tf.randomNormal([2, 33, 29, 16], 0, 1, 'float32', 1);
    const w = tf.randomNormal([3, 3, 16, 24], 0, 1, 'float32', 2);
    const onWasm = tf.tidy(() =>
      tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same').dataSync(),
    );
    const [xs, ws] = [x.dataSync(), w.dataSync()];
    await selectBackend('cpu', () => {});
    const onCpu = tf.tidy(() =>
      tf.conv2d(tf.tensor4d(xs, [2, 33, 29, 16]), tf.tensor4d(ws, [3, 3, 16, 24]), 2, 'same'),
    );
    const expected = onCpu.dataSync();
    expect(onWasm.length).toBe(expected.length);
    let worst = 0;
    for (let i = 0; i < expected.length; i++)
      worst = Math.max(worst, Math.abs(onWasm[i]! - expected[i]!));
    expect(worst).toBeLessThan(1e-4);
    tf.dispose([x, w, onCpu]);
  });

  it('lets the process exit by itself, with no worker flags from the parent and no files', () => {
    // --input-type, passed on to a worker, would fail it: the workers start without the flags.
    const run = runModule(
      `import * as tf from '@tensorflow/tfjs-core';
      await selectBackend('wasm', (line) => console.log(line));
      console.log(tf.matMul(tf.ones([64, 64]), tf.ones([64, 64])).dataSync()[0]);`,
    );
    expect(run.stdout.split('\n')).toEqual([
      `backend wasm: forced (SIMD, ${threadWord(expectedThreads)})`,
      '64',
      '',
    ]);
    expect(run.temporaryFiles).toEqual([]);
  });

  it('trains bit-identically on 1 and 2 threads (a run may resume on another machine)', () => {
    const steps = `import { createHash } from 'node:crypto';
      import { createRanker } from './src/index.ts';
      await selectBackend('wasm', (line) => console.log(line));
      const model = await createRanker({ inputShape: [40, 36], seed: 3, widthMultiplier: 0.25 });
      let state = 1;
      const fill = () => Float32Array.from({ length: 4 * 40 * 36 }, () => (state = (state * 16807) % 2147483647) / 2147483647);
      const batch = { left: fill(), right: fill(), target: Float32Array.from([1, -1, 1, -1]), count: 4 };
      for (let step = 0; step < 3; step++) {
        const { loss, gradient } = model.trainStep(batch);
        console.log(loss, createHash('sha1').update(new Uint8Array(gradient.buffer, gradient.byteOffset, gradient.byteLength)).digest('hex'));
      }`;
    const one = runModule(steps, { RANKER_WASM_THREADS: '1' }).stdout;
    const two = runModule(steps, { RANKER_WASM_THREADS: '2' }).stdout;
    expect(one).toContain('1 thread (RANKER_WASM_THREADS=1)');
    expect(two).toContain('2 threads');
    const lossAndHash = (out: string) =>
      out.split('\n').filter((l) => /^[\d.]+ [0-9a-f]{40}$/.test(l));
    expect(lossAndHash(one)).toHaveLength(3);
    expect(lossAndHash(two)).toEqual(lossAndHash(one));
  });
});

/**
 * Runs an ES module in a fresh Node process (the thread count is fixed per process), with
 * selectBackend imported and its own TMPDIR; fails the test on a hang (ETIMEDOUT: idle workers
 * keeping Node alive), an error or a non-zero exit. Also returns what was left in TMPDIR.
 */
function runModule(body: string, env: Record<string, string> = {}) {
  const tmp = mkdtempSync(join(os.tmpdir(), 'wasm-threads-test-'));
  const script = `import { selectBackend } from './src/backend.ts';\n${body}`;
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, ...env, TMPDIR: tmp },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  // tsx keeps its compile cache there.
  const temporaryFiles = readdirSync(tmp).filter((name) => !name.startsWith('tsx-'));
  rmSync(tmp, { recursive: true });
  expect(run.error).toBeUndefined();
  expect(run.stderr.split('\n').filter((line) => / at |Error/.test(line))).toEqual([]);
  expect(run.status).toBe(0);
  return { stdout: run.stdout, temporaryFiles };
}
