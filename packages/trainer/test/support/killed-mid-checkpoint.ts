/**
 * A child process for checkpoint-saver.test.ts: trains `<outDir>/killed` (4 epochs, linear
 * double) whose save of epoch 2 writes its files, tears weights.json and never resolves (a write
 * still in flight). It prints `training epoch 3` once epoch 3 trains behind that write; the test
 * then kills it with SIGKILL.
 */
import { truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { startRun } from '../../src/index.js';
import { linearComponents } from './linear-ranker.js';
import { smallConfig } from './run-helpers.js';

const outDir = process.argv[2];
const parts = linearComponents();
const trainer = await startRun(smallConfig(outDir, 'killed', 4, []), parts);
const model = parts.models[0];
const save = model.save.bind(model);
model.save = async (dir) => {
  await save(dir);
  if (!dir.includes('epoch-002')) return;
  await truncate(join(dir, 'weights.json'), 20);
  await new Promise(() => {});
};
trainer.on('batchEnd', (e) => {
  if (e.epoch === 3 && e.batchIndex === 1) process.stdout.write('training epoch 3\n');
});
await trainer.run();
