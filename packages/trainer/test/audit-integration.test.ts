/**
 * The data audit with the real @ranker/model ResNet (depth 10, 4–32 channels, 32×32 inputs, 3
 * recordings per angle, 2 mislabelled): evidence at the probe weights leaves no tensors behind
 * and changes nothing in training (BN running statistics included). Slow by this package's
 * standards (~10–30 s on the shared 2-core machine): the only audit test that runs tfjs.
 */
import { selectBackend } from '@ranker/model';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type RunConfigInput, startRun } from '../src/index.js';
import { readLines } from './support/run-helpers.js';
import { useTempDirs } from './support/temp-dir.js';

function tinyRun(outDir: string, runId: string, audit: boolean): RunConfigInput {
  return {
    outDir,
    runId,
    data: { size: [32, 32], perAngle: 3, seed: 2, plant: { mislabel: { count: 2 } } },
    model: { depth: 10, widthMultiplier: 1 / 16 },
    training: {
      epochs: 2,
      seed: 2,
      analysisEpochs: [2],
      probe: { batches: 2 },
      audit: { enabled: audit, partners: null },
    },
  };
}

describe('data audit with the real ResNet', () => {
  const tempDir = useTempDirs();

  it('one finite gradient per training recording, no tensors left, training unchanged', async () => {
    const dir = await tempDir();
    await selectBackend('auto'); // the one the runs below use; counting tensors needs it set
    const before = tf.memory().numTensors;
    const trainer = await startRun(tinyRun(dir, 'audit', true));
    const norms: number[] = [];
    let parameterCount = 0;
    let scoreEpochs = 0;
    let trainIds: string[] = [];
    trainer.on('auditRecording', (e) => {
      norms.push(e.gradientNormSquared);
      parameterCount = e.gradient.length;
      expect(e.pairs).toHaveLength(4); // B partners, one pass of 2·B spectrograms
    });
    trainer.on('auditScores', (e) => {
      scoreEpochs++;
      trainIds = e.ids;
      expect(e.scores.every(Number.isFinite)).toBe(true);
    });
    await trainer.run();
    expect(tf.memory().numTensors).toBe(before);
    // One per training recording (18 recordings; the split is stratified by the recorded label).
    expect(norms).toHaveLength(trainIds.length);
    expect(trainIds.length).toBeGreaterThanOrEqual(11);
    expect(norms.every((n) => Number.isFinite(n) && n >= 0)).toBe(true);
    expect(parameterCount).toBeGreaterThan(1000);
    expect(scoreEpochs).toBe(2);
    expect(trainer.planted).toHaveLength(2);

    const plain = await startRun(tinyRun(dir, 'plain', false));
    await plain.run();
    const strip = (lines: Awaited<ReturnType<typeof readLines>>) =>
      lines.map((l) =>
        l.type === 'epoch' ? { ...l, trainMs: 0, validationMs: 0, probeMs: 0 } : l,
      );
    expect(strip(await readLines(trainer.directory.path))).toEqual(
      strip(await readLines(plain.directory.path)),
    );
  }, 120_000);
});
