import type { RunTimings } from '@ranker/experiment';
import { formatNumber } from './format.js';
import { formatGns } from './formatGns.js';
import type { RunState } from './runState.js';

/** 0 completed, 130 interrupted (128 + SIGINT, resumable), 1 failed; the trainer's convention. */
export function exitCodeOf(state: RunState): number {
  if (state.fatal || !state.end) return 1;
  return { completed: 0, interrupted: 130, failed: 1 }[state.end.status];
}

/** The lines printed when the run is over: status, report path, headline numbers, exit code. */
export function summaryLines(state: RunState): string[] {
  const lines: string[] = [];
  const status = state.end?.status ?? 'failed';
  const epochs = state.started
    ? `${state.end?.epochsCompleted ?? 0}/${state.started.epochs} epochs`
    : 'not started';
  lines.push(`run ${status} · ${epochs} · exit code ${exitCodeOf(state)}`);
  if (state.fatal) lines.push(`error [${state.fatal.code}]: ${state.fatal.message}`);
  else if (state.end?.error) lines.push(`error: ${state.end.error}`);
  if (state.started) lines.push(`run directory: ${state.started.runDir}`);
  if (state.reportPath) lines.push(`report: ${state.reportPath}`);
  const last = state.epochs.at(-1);
  if (last) {
    lines.push(
      `final validation (epoch ${last.epoch}): Spearman ρ ${formatNumber(last.spearman, 3)} (score vs angle) · pairwise accuracy ${formatNumber(100 * last.pairwiseAccuracy, 3)}% · margin-ranking loss ${formatNumber(last.validationLoss)}`,
    );
  }
  if (state.probes.length > 0) {
    lines.push(
      'gradient noise scale per probe: B_simple = tr(Σ)/|G|² in pairs; per parameter = B_simple/D',
    );
    for (const { epoch, analysis } of state.probes) {
      const gns = analysis.noiseScale;
      const interval = gns.interval
        ? ` · ${100 * gns.interval.level}% CI ${formatNumber(gns.interval.low)}…${formatNumber(gns.interval.high)}`
        : '';
      lines.push(
        `  epoch ${String(epoch).padStart(3)}: ${formatGns(gns)} · per parameter ${formatNumber(gns.bSimplePerParameter)}${interval}`,
      );
    }
    lines.push(`  estimator: ${state.probes[0].analysis.noiseScale.estimator}`);
  }
  const timings = state.end?.timings;
  if (timings) lines.push(timingLine(timings));
  if (state.end?.status === 'interrupted' && state.started) {
    lines.push(`resume with: pnpm --filter tui start -- --resume ${state.started.runDir}`);
  }
  return lines;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Where the run's wall time went (the experiment's measurements; process start-up is the rest). */
export function timingLine(t: RunTimings): string {
  return `time: data and model ${seconds(t.openMs)} · training ${seconds(t.trainMs)} · probes ${seconds(t.probeMs)} · validation ${seconds(t.validationMs)} · checkpoints ${seconds(t.checkpointMs)} · report ${seconds(t.reportMs)} · gradient analysis ${seconds(t.analysisMs)} (within training and probes)`;
}
