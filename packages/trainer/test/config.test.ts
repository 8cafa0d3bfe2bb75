import { describe, expect, it } from 'vitest';
import { resolveRunConfig, TrainerError } from '../src/index.js';

describe('resolveRunConfig', () => {
  it("fills the seed experiment's defaults", () => {
    const config = resolveRunConfig({ outDir: 'runs', runId: 'r1' });
    expect(config.training).toEqual({
      epochs: 30,
      batchSize: 4,
      learningRate: 1e-3,
      weightDecay: 1e-5,
      margin: 10,
      seed: 0,
      analysisEpochs: [5, 10, 15, 20, 25, 30],
    });
    expect(config.data).toMatchObject({
      source: 'synthetic',
      material: 'plastic',
      frequencyHz: 3000,
      size: [64, 64],
    });
    expect(config.model).toEqual({ depth: 18, widthMultiplier: 1 });
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
});
