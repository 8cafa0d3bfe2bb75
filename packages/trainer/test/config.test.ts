import { DEFAULT_SEED } from '@ranker/dsp';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROBE,
  DEFAULT_PROBE_BATCHES,
  PROBE_MIN_BATCHES,
  resolveRunConfig,
  TrainerError,
} from '../src/index.js';

describe('resolveRunConfig', () => {
  it("fills the seed experiment's defaults", () => {
    const config = resolveRunConfig({ outDir: 'runs', runId: 'r1' });
    expect(config.training).toEqual({
      epochs: 30,
      batchSize: 4,
      learningRate: 1e-3,
      weightDecay: 1e-5,
      margin: 10,
      seed: DEFAULT_SEED,
      analysisEpochs: [5, 10, 15, 20, 25, 30],
      probe: {
        batches: DEFAULT_PROBE_BATCHES,
        until: 0.5,
        maxBatches: 4 * DEFAULT_PROBE_BATCHES,
        distinct: 'batch',
      },
      audit: { enabled: false, partners: null },
    });
    expect(config.training.probe).toEqual(DEFAULT_PROBE);
    expect(config.training.probe).not.toBe(DEFAULT_PROBE); // a copy: callers may not edit the default
    expect(config.data).toMatchObject({
      source: 'synthetic',
      material: 'plastic',
      frequencyHz: 3000,
      size: [64, 64],
    });
    expect(config.model).toEqual({ depth: 18, widthMultiplier: 1 });
  });

  it('keeps the seeds a stored config.json recorded under the old default (0): stored values win', () => {
    // What resumeRun passes: a config.json written when the default seed was 0.
    const stored = resolveRunConfig({
      outDir: 'runs',
      runId: 'old',
      data: { seed: 0 },
      training: { seed: 0 },
    });
    const { outDir: _, ...json } = JSON.parse(JSON.stringify(stored));
    const resumed = resolveRunConfig({ ...json, outDir: 'runs' });
    expect(resumed.training.seed).toBe(0);
    expect(resumed.data.seed).toBe(0);
    expect(DEFAULT_SEED).not.toBe(0); // so the check above could fail
  });

  it('derives a folder-safe run id from the time and seed', () => {
    const config = resolveRunConfig(
      { outDir: 'runs', training: { seed: 7 } },
      new Date('2026-11-26T23:04:05Z'),
    );
    expect(config.runId).toBe('20261126-230405-seed7');
  });

  it('rejects analysis epochs beyond the last epoch, naming the field', () => {
    const bad = () =>
      resolveRunConfig({ outDir: 'runs', training: { epochs: 3, analysisEpochs: [2, 5] } });
    expect(bad).toThrow(TrainerError);
    expect(bad).toThrow(
      'run config: training.analysisEpochs[1] must be an integer epoch in 1..3 (training.epochs), got 5',
    );
  });

  it('rejects unordered analysis epochs, a bad size and an unsafe run id', () => {
    expect(() => resolveRunConfig({ outDir: 'r', training: { analysisEpochs: [10, 5] } })).toThrow(
      'training.analysisEpochs[1] must be greater than the previous analysis epoch 10, got 5',
    );
    expect(() => resolveRunConfig({ outDir: 'r', data: { size: [16, 64] } })).toThrow(
      'data.size must be [height, width], integers ≥ 32, got [16,64]',
    );
    expect(() => resolveRunConfig({ outDir: 'r', runId: '../x' })).toThrow('runId must be');
  });

  it('passes the synthetic difficulty and nuisance overrides through to the data config', () => {
    const config = resolveRunConfig({
      outDir: 'r',
      data: { difficulty: 'easy', nuisance: { gainSdDb: 2, noiseRms: [0.1, 0.2] } },
    });
    expect(config.data).toMatchObject({
      difficulty: 'easy',
      nuisance: { gainSdDb: 2, noiseRms: [0.1, 0.2] },
    });
    expect(resolveRunConfig({ outDir: 'r' }).data.nuisance).toEqual({});
  });

  it('rejects an unknown difficulty and bad nuisance fields, naming the field and what is allowed', () => {
    const withData = (data: object) => () => resolveRunConfig({ outDir: 'r', data });
    expect(withData({ difficulty: 'brutal' })).toThrow(TrainerError);
    expect(withData({ difficulty: 'brutal' })).toThrow(
      'run config: data.difficulty must be one of easy, realistic, hard, got "brutal"',
    );
    expect(withData({ difficulty: 'toString' })).toThrow('data.difficulty must be one of');
    expect(withData({ nuisance: [1] })).toThrow(
      'run config: data.nuisance must be an object of SyntheticNuisance fields, got [1]',
    );
    expect(withData({ nuisance: { gainSdDb: -1 } })).toThrow(
      'run config: data.nuisance.gainSdDb must be a finite number ≥ 0, got -1',
    );
    expect(withData({ nuisance: { snrDb: 3 } })).toThrow(
      'run config: data.nuisance.snrDb is not a nuisance field; expected one of burstS, receiverAngleSdDeg,',
    );
  });

  it('fills training.probe field by field and checks each field, naming it', () => {
    const probe = (value: unknown) =>
      resolveRunConfig({ outDir: 'r', training: { probe: value as never } }).training.probe;
    expect(probe({ until: null })).toEqual({ ...DEFAULT_PROBE, until: null });
    expect(probe({ until: 0.3 })).toEqual({ ...DEFAULT_PROBE, until: 0.3 });
    expect(probe({ batches: 7 })).toEqual({ ...DEFAULT_PROBE, batches: 7 });
    expect(() => probe(null)).toThrow(
      'run config: training.probe must be an object with fields batches, until, maxBatches, distinct, got null',
    );
    expect(() => probe({ batches: 0 })).toThrow(
      'run config: training.probe.batches must be a positive integer, got 0',
    );
    expect(() => probe({ until: 0 })).toThrow(
      'run config: training.probe.until must be null or a finite number > 0 (relative half-width), got 0',
    );
    expect(() => probe({ until: '0.5' })).toThrow('training.probe.until must be null or');
    expect(() => probe({ maxBatches: 2.5 })).toThrow(
      'run config: training.probe.maxBatches must be a positive integer, got 2.5',
    );
    expect(() => probe({ until: 0.5, maxBatches: PROBE_MIN_BATCHES - 1 })).toThrow(
      `run config: training.probe.maxBatches must be an integer ≥ ${PROBE_MIN_BATCHES} (the fewest batches before the stop rule is asked) when training.probe.until is set, got ${PROBE_MIN_BATCHES - 1}`,
    );
    expect(probe({ until: null, maxBatches: 2 })).toMatchObject({ maxBatches: 2 }); // unused without until
    expect(probe({ distinct: 'batch' })).toMatchObject({ distinct: 'batch' });
    expect(() => probe({ distinct: 'epoch' })).toThrow(
      `run config: training.probe.distinct must be 'probe' or 'batch', got "epoch"`,
    );
    expect(() => probe({ batch: 4 })).toThrow(
      'run config: training.probe.batch is not a probe field; expected one of batches, until, maxBatches, distinct',
    );
  });

  it('takes data.resample and data.windowStartS (default: refuse mixed rates, window at 0 s)', () => {
    expect(resolveRunConfig({ outDir: 'r' }).data).toMatchObject({
      resample: false,
      windowStartS: 0,
    });
    const config = resolveRunConfig({ outDir: 'r', data: { resample: 16000, windowStartS: 0.25 } });
    expect(config.data).toMatchObject({ resample: 16000, windowStartS: 0.25 });
    const withData = (data: object) => () => resolveRunConfig({ outDir: 'r', data });
    expect(withData({ resample: 'yes' })).toThrow(
      'run config: data.resample must be true, false or a sample rate in Hz > 0, got "yes"',
    );
    expect(withData({ windowStartS: -1 })).toThrow(
      'run config: data.windowStartS must be a finite number ≥ 0, got -1',
    );
  });
});
