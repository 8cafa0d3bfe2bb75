import { describe, expect, it } from 'vitest';
import { HeadlessLog } from '../src/headless.js';
import type { RunEvent } from '../src/protocol.js';
import { initialRunState, reduceRunEvent } from '../src/runState.js';
import { exitCodeOf, summaryLines } from '../src/summary.js';
import { probeAnalysis } from './fixtures.js';

const started: RunEvent = {
  type: 'started',
  runId: 'r1',
  runDir: '/runs/r1',
  backend: 'cpu',
  backendReason: 'forced',
  dataset: 'synthetic plastic 3000 Hz',
  trainSamples: 48,
  validationSamples: 6,
  batchesPerEpoch: 12,
  epochs: 2,
  startEpoch: 1,
  probeEpochs: [2],
};
const batch = (step: number): RunEvent => ({
  type: 'batchEnd',
  epoch: 1,
  step,
  batchIndex: step - 1,
  loss: 2,
  gradientNormSquared: 1,
});

describe('HeadlessLog', () => {
  it('prints the start, a step line at most every 10 s with rate and ETA, epochs and probes', () => {
    const log = new HeadlessLog();
    expect(log.handle(started, 0).join('\n')).toContain(
      'epochs 1…2 × 12 steps · probes after epochs 2',
    );
    expect(log.handle(batch(1), 5_000)).toEqual([]);
    // 2 of 24 steps in 12 s → 1/6 step/s, 22 steps left → 132 s
    expect(log.handle(batch(2), 12_000)).toEqual([
      'epoch 1 step 2/24 · batch loss 2 · 0.167 steps/s · ETA 2m12s',
    ]);
    expect(log.handle(batch(3), 13_000)).toEqual([]);
    const epoch = log.handle(
      {
        type: 'epochEnd',
        epoch: 1,
        trainLoss: 2,
        validationLoss: 1.5,
        pairwiseAccuracy: 0.8,
        spearman: 0.75,
        seconds: 30,
      },
      30_000,
    );
    // 1 of 2 epochs in 30 s → ETA 30 s
    expect(epoch).toEqual([
      'epoch 1/2 · train loss 2 · validation loss 1.5 · pairwise accuracy 80% · Spearman ρ 0.75 · 30s · ETA 30s',
    ]);
    const probe = log.handle(
      {
        type: 'probeAnalysis',
        epoch: 2,
        analysis: probeAnalysis(),
        training: null,
        file: 'probes/epoch-002.json',
      },
      40_000,
    );
    expect(probe[0]).toMatch(/^GNS estimator: unbiased two-batch estimator/);
    expect(probe[1]).toBe(
      'probe epoch 2: GNS B_simple = tr(Σ)/|G|² = 12.3 pairs · per parameter 0.0123 · mean off-diagonal cosine 0.1 · outlier batches: 2 → probes/epoch-002.json',
    );
  });
});

describe('summary', () => {
  const base = [started, batch(1)].reduce((s, e) => reduceRunEvent(s, e, 0), initialRunState);

  it('maps the end status to the exit code', () => {
    const end = (status: 'completed' | 'interrupted' | 'failed') =>
      reduceRunEvent(base, { type: 'runEnd', status, epochsCompleted: 1 }, 0);
    expect(exitCodeOf(end('completed'))).toBe(0);
    expect(exitCodeOf(end('interrupted'))).toBe(130);
    expect(exitCodeOf(end('failed'))).toBe(1);
    expect(exitCodeOf(base)).toBe(1); // no runEnd: the worker died
    expect(
      exitCodeOf(reduceRunEvent(end('completed'), { type: 'fatal', code: 'X', message: 'm' }, 0)),
    ).toBe(1);
  });

  it('states the report path, final validation and GNS per probe with units, and how to resume', () => {
    const state = [
      {
        type: 'epochEnd',
        epoch: 1,
        trainLoss: 2,
        validationLoss: 1.5,
        pairwiseAccuracy: 0.8,
        spearman: 0.75,
        seconds: 30,
      },
      { type: 'probeAnalysis', epoch: 1, analysis: probeAnalysis(), training: null, file: 'p' },
      { type: 'report', path: '/runs/r1/report/report.md', partial: true },
      {
        type: 'runEnd',
        status: 'interrupted',
        epochsCompleted: 1,
        timings: {
          openMs: 2049,
          trainMs: 82_200,
          probeMs: 20_000,
          validationMs: 4_250,
          checkpointMs: 6_000,
          analysisMs: 1_340,
          reportMs: 1_960,
        },
      },
    ].reduce((s, e) => reduceRunEvent(s, e as RunEvent, 0), base);
    const lines = summaryLines(state);
    expect(lines).toContain(
      'time: data and model 2.0 s · training 82.2 s · probes 20.0 s · validation 4.3 s · checkpoints 6.0 s · report 2.0 s · gradient analysis 1.3 s (within training and probes)',
    );
    expect(lines[0]).toBe('run interrupted · 1/2 epochs · exit code 130');
    expect(lines).toContain('report: /runs/r1/report/report.md');
    expect(lines).toContain(
      'final validation (epoch 1): Spearman ρ 0.75 (score vs angle) · pairwise accuracy 80% · margin-ranking loss 1.5',
    );
    expect(lines).toContain('  epoch   1: 12.3 pairs · per parameter 0.0123');
    expect(lines.at(-1)).toBe('resume with: pnpm --filter tui start -- --resume /runs/r1');
  });
});

describe('formatGns', () => {
  it("shows grad-analysis's status and reason instead of a bare NaN", async () => {
    const { formatGns } = await import('../src/formatGns.js');
    const base = probeAnalysis().noiseScale;
    expect(formatGns({ ...base, bSimple: 12.3, status: 'ok' })).toBe('12.3 pairs');
    const reason =
      'all 12 batch gradients are exactly zero (e.g. every pair beyond the margin): tr(Σ)/|G|² is 0/0';
    expect(
      formatGns({ ...base, bSimple: null, status: 'undefined', undefinedReason: reason }),
    ).toBe(`undefined (${reason})`);
    expect(formatGns({ ...base, bSimple: null, status: 'undefined', undefinedReason: null })).toBe(
      'undefined (older probe file without a status)',
    );
    expect(
      formatGns({
        ...base,
        gradientNormSquared: -1,
        traceCovariance: 24.6,
        bSimple: -24.6,
        status: 'negative',
      }),
    ).toBe('-24.6 pairs (negative estimate: |G|² -1, tr(Σ) 24.6; noise dominates)');
  });
});
