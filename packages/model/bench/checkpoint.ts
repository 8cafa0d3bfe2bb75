/**
 * Checkpoint benchmark of @ranker/model (issue 19): the seed model (ResNet-18, 64×64, weights
 * plus Adam's moments) saved REPS times into the page cache. "before" replays the save as it was
 * until 2026-12-03 (moments copied into tensors, tfjs encodeWeights and join, SHA-256 and
 * writeFile on the calling thread, no fsync), step by step; "now" is `model.save`: the part on
 * the calling thread (the copy of the state) and the time until its files are on disk (written
 * by a helper thread while the caller may train). Prints medians; asserts nothing.
 *
 *   pnpm --filter @ranker/model bench:checkpoint      (REPS=6, CHECKPOINT_DIR=$TMPDIR by default)
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, open, rename, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { createRanker, resnetArchitecture, selectBackend } from '../src/index.js';

const REPS = Number(process.env.REPS ?? 6);
const base = await mkdtemp(join(process.env.CHECKPOINT_DIR ?? tmpdir(), 'ranker-checkpoint-'));
await selectBackend('cpu-onednn', () => {});
const model = await createRanker({ inputShape: [64, 64] });
const pixels = 4 * 64 * 64;
const fill = () => Float32Array.from({ length: pixels }, () => Math.random());
model.trainStep({ left: fill(), right: fill(), target: Float32Array.of(1, -1, 1, -1), count: 4 });

const samples = new Map<string, number[]>();
async function timed<T>(name: string, action: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await action();
  samples.set(name, [...(samples.get(name) ?? []), performance.now() - start]);
  return result;
}

/** The old save, from values of the same size as the model's state (the timing is the point). */
async function saveAsBefore(dir: string): Promise<void> {
  const shapes = resnetArchitecture(18, 1).parameters.map((p) => p.shape);
  const flat = new Float32Array(model.parameterCount).fill(0.5);
  const start = performance.now();
  const tensors: tf.NamedTensorMap = {};
  await timed('before: copy the moments into tensors', () => {
    let at = 0;
    shapes.forEach((shape, i) => {
      const size = shape.reduce((a, b) => a * b, 1);
      tensors[`param/${i}`] = tf.tensor(flat.subarray(at, at + size), shape);
      tensors[`adam.m/${i}`] = tf.tensor(flat.slice(at, at + size), shape);
      tensors[`adam.v/${i}`] = tf.tensor(flat.slice(at, at + size), shape);
      at += size;
    });
  });
  const { data, specs } = await timed('before: tfjs encodeWeights', () =>
    tf.io.encodeWeights(tensors),
  );
  const bytes = await timed(
    'before: CompositeArrayBuffer.join',
    () => new Uint8Array(tf.io.CompositeArrayBuffer.join(data)),
  );
  const sha256 = await timed('before: SHA-256', () =>
    createHash('sha256').update(bytes).digest('hex'),
  );
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await timed('before: writeFile weights.bin', () => writeFile(join(dir, 'weights.tmp'), bytes));
  await rename(join(dir, 'weights.tmp'), join(dir, 'weights.bin'));
  await writeFile(join(dir, 'model.json'), JSON.stringify({ specs, sha256 }));
  samples.set('before: total on the calling thread', [
    ...(samples.get('before: total on the calling thread') ?? []),
    performance.now() - start,
  ]);
  tf.dispose(Object.values(tensors));
  await timed('(fsync of 128 MiB, which before did not do)', async () => {
    const file = await open(join(dir, 'weights.bin'), 'r+');
    await file.sync();
    await file.close();
  });
}

for (let rep = 0; rep < REPS; rep++) {
  await saveAsBefore(join(base, 'before'));
  const start = performance.now();
  const saving = model.save(join(base, `now-${rep % 2}`));
  samples.set('now: on the calling thread (copy)', [
    ...(samples.get('now: on the calling thread (copy)') ?? []),
    performance.now() - start,
  ]);
  await saving;
  samples.set('now: until the files are on disk', [
    ...(samples.get('now: until the files are on disk') ?? []),
    performance.now() - start,
  ]);
}
await model.dispose();
await rm(base, { recursive: true, force: true });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
console.log(
  `checkpoint of ResNet-18 (${model.parameterCount} parameters, ${((12 * model.parameterCount) / 2 ** 20).toFixed(1)} MiB), ${REPS} saves, ${cpus().length} × ${cpus()[0]?.model}, Node ${process.versions.node}`,
);
console.log(`| ${'step'.padEnd(48)} | median ms | all (ms)`);
for (const [name, values] of samples) {
  const all = values.map((v) => v.toFixed(0)).join(' ');
  console.log(`| ${name.padEnd(48)} | ${median(values).toFixed(1).padStart(9)} | ${all}`);
}
