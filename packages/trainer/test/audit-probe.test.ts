import { describe, expect, it } from 'vitest';
import {
  auditSeed,
  planAuditPartners,
  recordingGradient,
  resolveRunConfig,
  startRun,
  type TrainerEvents,
} from '../src/index.js';
import { LinearRanker, linearComponents, rampSamples } from './support/linear-ranker.js';
import { pairBatchOf, readLines, smallConfig } from './support/run-helpers.js';
import { useTempDirs } from './support/temp-dir.js';

describe('planAuditPartners', () => {
  it('each recording gets R partners of other angles, distinct while possible, r on the left', () => {
    const angles = [0, 0, 0, 36, 36, 72];
    const plan = planAuditPartners(angles, 4, auditSeed(1));
    expect(plan).toHaveLength(6);
    plan.forEach((pairs, r) => {
      expect(pairs).toHaveLength(4);
      for (const p of pairs) {
        expect(p.left).toBe(r);
        expect(angles[p.right]).not.toBe(angles[r]);
        expect(p.target).toBe(angles[r] > angles[p.right] ? 1 : -1);
      }
    });
    // recording 0 (angle 0) has exactly 3 partners of other angles: all three, then one again.
    expect(new Set(plan[0].slice(0, 3).map((p) => p.right))).toEqual(new Set([3, 4, 5]));
    // recording 5 (angle 72) has 5: four distinct.
    expect(new Set(plan[5].map((p) => p.right)).size).toBe(4);
    expect(planAuditPartners(angles, 4, auditSeed(1))).toEqual(plan);
    expect(planAuditPartners(angles, 4, auditSeed(2))).not.toEqual(plan);
  });
});

describe('recordingGradient', () => {
  it('R = 2B: mean of the two batch gradients = the gradient of all R pairs (no batch coupling)', () => {
    const samples = rampSamples(2, 8);
    const model = new LinearRanker(64, 3, 100); // margin 100: every pair active
    const pairs = planAuditPartners(
      samples.map((s) => s.angleDeg),
      8,
      auditSeed(4),
    )[5];
    const result = recordingGradient(model, samples, pairs, 4, new Float32Array(64));
    const refs = pairs.map((p) => ({
      left: samples[p.left].id,
      right: samples[p.right].id,
      target: p.target,
    }));
    const whole = model.probeGradient(pairBatchOf(samples, refs));
    for (let j = 0; j < 64; j++) expect(result.gradient[j]).toBeCloseTo(whole.gradient[j], 5);
    expect(result.loss).toBeCloseTo(whole.loss, 4);
    expect(result.gradientNormSquared).toBeCloseTo(whole.gradientNormSquared, 5);
  });
});

describe('training.audit', () => {
  const tempDir = useTempDirs();

  it('off by default; bad fields named', () => {
    const base = smallConfig('/tmp/x', 'r');
    expect(resolveRunConfig(base).training.audit).toEqual({ enabled: false, partners: null });
    const bad = (audit: unknown) =>
      resolveRunConfig({ ...base, training: { ...base.training, audit } as never });
    expect(() => bad({ partners: 6 })).toThrow(
      /training.audit.partners must be null \(= training.batchSize\) or a positive multiple of training.batchSize 4/,
    );
    expect(() => bad({ enabled: 'yes' })).toThrow(/training.audit.enabled must be true or false/);
    expect(() => bad({ every: 2 })).toThrow(/training.audit.every is not an audit field/);
    const plant = (p: unknown) =>
      resolveRunConfig({ ...base, data: { ...base.data, plant: p } as never });
    expect(plant({ mislabel: { fraction: 0.1 } }).data.plant).toEqual({
      mislabel: { fraction: 0.1 },
    });
    expect(() => plant({ mislabel: { fraction: 1.5 } })).toThrow(/data.plant.mislabel must be/);
    expect(() => plant({ hum: { count: 1 } })).toThrow(
      /data.plant must be an object whose keys are fault kinds/,
    );
  });

  it('emits one auditRecording per training recording at analysis epochs and auditScores every epoch; changes nothing', async () => {
    const components = linearComponents();
    const config = smallConfig(await tempDir(), 'audit', 3, [2]);
    config.training = { ...config.training, audit: { enabled: true, partners: 8 } };
    const trainer = await startRun(config, components);
    const order: string[] = [];
    const recordings: (Omit<TrainerEvents['auditRecording'], 'gradient'> & {
      gradient: Float32Array;
      recomputed: Float32Array;
    })[] = [];
    const scores: TrainerEvents['auditScores'][] = [];
    const train = (await components.loadData(resolveRunConfig(config))).train;
    for (const name of ['probeEnd', 'auditRecording', 'auditScores', 'epochEnd'] as const) {
      trainer.on(name, () => order.push(name));
    }
    trainer.on('auditRecording', (e) => {
      // Recomputed at the same frozen weights with the model's own probe path, 2 batches of 4.
      const gradient = e.gradient.slice(); // before the model reuses any buffer
      const model = components.models[0];
      const a = model.probeGradient(pairBatchOf(train, e.pairs.slice(0, 4))).gradient.slice();
      const b = model.probeGradient(pairBatchOf(train, e.pairs.slice(4))).gradient;
      recordings.push({
        ...e,
        gradient,
        recomputed: a.map((v, j) => (v + b[j]) / 2),
      });
    });
    trainer.on('auditScores', (e) => {
      const model = components.models[0];
      const size = train[0].spectrogram.data.length;
      const inputs = new Float32Array(train.length * size);
      train.forEach((s, i) => {
        inputs.set(s.spectrogram.data, i * size);
      });
      expect(e.scores).toEqual(model.score(inputs, train.length));
      scores.push(e);
    });
    await trainer.run();

    const audits = [...Array(48)].map(() => 'auditRecording');
    expect(order).toEqual([
      'auditScores',
      'epochEnd',
      'probeEnd',
      ...audits,
      'auditScores',
      'epochEnd',
      'auditScores',
      'epochEnd',
    ]);
    expect(recordings.map((r) => r.recordingId)).toEqual(train.map((s) => s.id));
    for (const r of recordings) {
      expect(r.epoch).toBe(2);
      expect(r.pairs).toHaveLength(8);
      expect(r.pairs.every((p) => p.left === r.recordingId)).toBe(true);
      r.recomputed.forEach((v, j) => {
        expect(r.gradient[j]).toBeCloseTo(v, 6);
      });
    }
    expect(scores.map((s) => s.epoch)).toEqual([1, 2, 3]);
    expect(scores[0].angles).toEqual(train.map((s) => s.angleDeg));
    expect(scores[1].auditMs).toBeGreaterThan(0);

    // Auditing changes nothing: the same metrics as a run without the audit.
    const plain = linearComponents();
    const other = await startRun(smallConfig(await tempDir(), 'plain', 3, [2]), plain);
    await other.run();
    const strip = (lines: Awaited<ReturnType<typeof readLines>>) =>
      lines.map((l) =>
        l.type === 'epoch' ? { ...l, trainMs: 0, validationMs: 0, probeMs: 0 } : l,
      );
    expect(strip(await readLines(trainer.directory.path))).toEqual(
      strip(await readLines(other.directory.path)),
    );
  });
});
