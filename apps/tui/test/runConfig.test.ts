import { describe, expect, it } from 'vitest';
import { defaultOptions } from '../src/options.js';
import { experimentSource, probeEpochs } from '../src/runConfig.js';

describe('probeEpochs', () => {
  it('lists every n-th epoch', () => {
    expect(probeEpochs(30, 5)).toEqual([5, 10, 15, 20, 25, 30]);
    expect(probeEpochs(2, 1)).toEqual([1, 2]);
    expect(probeEpochs(3, 5)).toEqual([]);
  });
});

describe('experimentSource', () => {
  it('turns the seed defaults into a new run in --out, probing every 5th epoch', () => {
    const options = { ...defaultOptions(), out: '/tmp/runs/r1' };
    expect(experimentSource(options)).toEqual({
      start: expect.objectContaining({
        runId: 'r1',
        outDir: '/tmp/runs',
        data: expect.objectContaining({ material: 'plastic', frequencyHz: 3000, seed: 42 }),
        training: expect.objectContaining({
          epochs: 30,
          batchSize: 4,
          seed: 42,
          analysisEpochs: [5, 10, 15, 20, 25, 30],
        }),
      }),
    });
  });

  it('passes --plant to data.plant and --audit to training.audit', () => {
    const plant = { mislabel: { fraction: 0.1 } };
    const options = { ...defaultOptions(), out: '/tmp/runs/r1', plant, audit: true };
    const source = experimentSource(options);
    expect('start' in source && source.start.data?.plant).toEqual(plant);
    expect('start' in source && source.start.training?.audit).toEqual({ enabled: true });
    const plain = experimentSource({ ...defaultOptions(), out: '/tmp/runs/r2' });
    expect('start' in plain && plain.start.training?.audit).toEqual({ enabled: false });
  });

  it('resumes the --resume directory', () => {
    const options = { ...defaultOptions(), resume: '/tmp/runs/r1', out: '/tmp/runs/r1' };
    expect(experimentSource(options)).toEqual({ resume: '/tmp/runs/r1' });
  });
});
