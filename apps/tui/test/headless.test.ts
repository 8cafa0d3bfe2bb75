import { describe, expect, it } from 'vitest';
import { HeadlessLog } from '../src/headless.js';
import type { RunEvent } from '../src/protocol.js';
import { initialRunState, reduceRunEvent } from '../src/runState.js';
import { errorLine, exitCodeOf, summaryLines, timingLine } from '../src/summary.js';
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
    // the one ETA (steps): 3 of 24 steps in 30 s → 21 × 10 s = 210 s, as the step line would say
    expect(epoch).toEqual([
      'epoch 1/2 · train loss 2 · validation loss 1.5 · pairwise accuracy 80% · Spearman ρ 0.75 · 30s · ETA 3m30s',
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

describe('errors', () => {
  it('are not among the progress lines: one error line, for stderr, at the end', () => {
    const log = new HeadlessLog();
    log.handle(started, 0);
    expect(log.handle({ type: 'fatal', code: 'DATA', message: 'no WAV files' }, 1)).toEqual([]);
    log.handle({ type: 'runEnd', status: 'failed', epochsCompleted: 0, error: 'no WAV files' }, 2);
    expect(summaryLines(log.state).join('\n')).not.toContain('no WAV files');
    expect(errorLine(log.state)).toBe('ranker: error [DATA]: no WAV files');
    expect(errorLine(initialRunState)).toBeNull();
  });
});

describe('summary', () => {
  const base = [started, batch(1)].reduce((s, e) => reduceRunEvent(s, e, 0), initialRunState);

  it('maps the end status to the exit code', () => {
    const end = (status: 'completed' | 'interrupted' | 'failed') =>
      reduceRunEvent(base, { type: 'runEnd', status, epochsCompleted: 1 }, 0);
    expect(exitCodeOf(end('completed'))).toBe(0);
    expect(exitCodeOf(end('interrupted'))).toBe(0); // a user's stop is a clean end
    expect(exitCodeOf(end('failed'))).toBe(1);
    expect(exitCodeOf(base)).toBe(1); // no runEnd: the worker died
    const partialReport = { type: 'report', path: '/r/report.md', partial: true } as const;
    expect(exitCodeOf(reduceRunEvent(end('completed'), partialReport, 0))).toBe(3);
    expect(exitCodeOf(reduceRunEvent(end('interrupted'), partialReport, 0))).toBe(0);
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
          auditMs: 0,
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
    expect(lines[0]).toBe('run interrupted · 1/2 epochs · exit code 0');
    expect(lines).toContain(
      'report: /runs/r1/report/report.md (partial: an analysis is missing, see its Problems)',
    );
    expect(lines).toContain(
      'final validation (epoch 1): Spearman ρ 0.75 (score vs angle) · pairwise accuracy 80% · margin-ranking loss 1.5',
    );
    expect(lines).toContain('  epoch   1: 12.3 pairs · per parameter 0.0123');
    expect(lines.at(-1)).toBe('resume with: pnpm --filter tui start -- --resume /runs/r1');
  });

  it("shows the data audit's time only when the run had an audit", () => {
    const timings = {
      openMs: 1000,
      trainMs: 2000,
      probeMs: 3000,
      auditMs: 4440,
      validationMs: 5000,
      checkpointMs: 6000,
      analysisMs: 700,
      reportMs: 800,
    };
    expect(timingLine(timings)).toBe(
      'time: data and model 1.0 s · training 2.0 s · probes 3.0 s · data audit 4.4 s · validation 5.0 s · checkpoints 6.0 s · report 0.8 s · gradient analysis 0.7 s (within training and probes)',
    );
    expect(timingLine({ ...timings, auditMs: 0 })).not.toContain('audit');
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
    expect(formatGns({ ...base, bSimple: -24.6, status: 'negative' })).toBe(
      '-24.6 pairs (negative: |G|² estimated below 0, the noise swamps the mean gradient (B_simple large, not measured))',
    );
  });

  it('says when an interval is one-sided or reaches below 0', async () => {
    const { formatInterval } = await import('../src/formatGns.js');
    const interval = {
      level: 0.95,
      kind: 'two-sided' as const,
      low: 12.3,
      high: 45.6 as number | null,
      method: 'm',
      resamples: 9,
      seed: 1,
    };
    expect(formatInterval(interval)).toBe('95% CI 12.3…45.6');
    expect(formatInterval({ ...interval, low: -672 })).toBe(
      '95% CI -672…45.6 (reaches below 0: |G|² may be 0)',
    );
    const oneSided = { ...interval, kind: 'lower-bound' as const, high: null };
    expect(formatInterval(oneSided)).toBe(
      '95% one-sided: B_simple ≥ 12.3 pairs (no upper bound: |G|² may be 0)',
    );
    expect(formatInterval(oneSided, '|G|² is not bounded away from 0')).toBe(
      '95% one-sided: B_simple ≥ 12.3 pairs (no upper bound: |G|² is not bounded away from 0)',
    );
    // the report's B_simple format (3 significant digits), one owner
    expect(formatInterval({ ...interval, low: 4062.3, high: 123456 })).toBe('95% CI 4060…1.23e5');
  });
});
