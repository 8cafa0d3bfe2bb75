import { type ExpectationOptions, expectationLine } from './expectation.js';
import { formatDuration, formatNumber } from './format.js';
import { formatGns, formatInterval } from './formatGns.js';
import type { RunEvent } from './protocol.js';
import {
  etaSeconds,
  initialRunState,
  type RunState,
  reduceRunEvent,
  totalSteps,
} from './runState.js';

const STEP_LINE_EVERY_MS = 10_000;

/**
 * Plain progress lines for logs and CI: one per epoch and probe, a step line at most every
 * 10 s, and every status change. Holds the folded RunState for the final summary.
 */
export class HeadlessLog {
  state: RunState = initialRunState;
  private lastStepLineMs = 0;

  /** `options`: for the expectation line once the data is loaded (none without). */
  constructor(private readonly options?: ExpectationOptions) {}

  /** Folds the event in and returns the lines to print for it (possibly none). */
  handle(event: RunEvent, nowMs: number): string[] {
    this.state = reduceRunEvent(this.state, event, nowMs);
    const s = this.state;
    const elapsed = s.startedAtMs === null ? 0 : (nowMs - s.startedAtMs) / 1000;
    switch (event.type) {
      case 'started':
        this.lastStepLineMs = nowMs;
        return [
          `run ${event.runId} in ${event.runDir}`,
          `backend ${event.backend} (${event.backendReason}) · data ${event.dataset} · ${event.trainSamples} train / ${event.validationSamples} validation samples`,
          `epochs ${event.startEpoch}…${event.epochs} × ${event.batchesPerEpoch} steps · probes after epochs ${event.probeEpochs.join(', ') || 'none'}`,
          ...(this.options ? [expectationLine(this.options, event)] : []),
        ];
      case 'log':
        return [event.line];
      case 'batchEnd': {
        if (nowMs - this.lastStepLineMs < STEP_LINE_EVERY_MS) return [];
        this.lastStepLineMs = nowMs;
        return [
          `epoch ${event.epoch} step ${s.stepsDone}/${totalSteps(s)} · batch loss ${formatNumber(event.loss)} · ${formatNumber(s.stepsDone / elapsed, 3)} steps/s · ETA ${formatDuration(etaSeconds(s, nowMs))}`,
        ];
      }
      case 'probeStart':
        return [
          `probe after epoch ${event.epoch}: ${event.batches} batch gradients at fixed weights`,
        ];
      case 'probeAnalysis': {
        const a = event.analysis;
        const outliers = a.outliers.batches.map((b) => b.index);
        const first = s.probes.length === 1;
        return [
          ...(first ? [`GNS estimator: ${a.noiseScale.estimator}`] : []),
          `probe epoch ${event.epoch}: GNS B_simple = tr(Σ)/|G|² = ${formatGns(a.noiseScale)}${a.noiseScale.interval ? ` · ${formatInterval(a.noiseScale.interval, a.noiseScale.intervalNote)}` : ''} · per parameter ${formatNumber(a.noiseScale.bSimplePerParameter)} · mean off-diagonal cosine ${formatNumber(a.similarity.meanOffDiagonal)} · outlier batches: ${outliers.length ? outliers.join(', ') : 'none'} → ${event.file}`,
        ];
      }
      case 'epochEnd':
        return [
          `epoch ${event.epoch}/${s.started?.epochs ?? '?'} · train loss ${formatNumber(event.trainLoss)} · validation loss ${formatNumber(event.validationLoss)} · pairwise accuracy ${formatNumber(100 * event.pairwiseAccuracy, 3)}% · Spearman ρ ${formatNumber(event.spearman, 3)} · ${formatDuration(event.seconds)} · ETA ${formatDuration(etaSeconds(s, nowMs))}`,
        ];
      case 'paused':
        return [`paused after step ${event.step}`];
      case 'resumed':
        return [`resumed at step ${event.step}`];
      case 'report':
        return [`report${event.partial ? ' (partial)' : ''}: ${event.path}`];
      case 'probeBatch':
      case 'audit': // its counts come as a log line; the recordings are for the dashboard
      case 'runEnd':
      case 'fatal': // the error goes to stderr once, with the summary (summary.ts errorLine)
        return [];
    }
  }
}
