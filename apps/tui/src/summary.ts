import { EXIT_CODES, exitCodeFor, type RunTimings } from '@ranker/experiment';
import { formatNumber } from './format.js';
import { formatGns, formatInterval } from './formatGns.js';
import type { RunState } from './runState.js';

/** The trainer's table: 0 completed or stopped by the user (resumable), 1 failed or no runEnd. */
export function exitCodeOf(state: RunState): number {
  if (state.fatal || !state.end) return EXIT_CODES.failed;
  // A completed run whose report lacks analyses is not a clean completion (issue 14).
  if (state.end.status === 'completed' && state.reportPartial) return EXIT_CODES.partialReport;
  return exitCodeFor(state.end.status);
}

/** The run's error, for stderr (printed once, at the end), or null. */
export function errorLine(state: RunState): string | null {
  if (state.fatal) return `ranker: error [${state.fatal.code}]: ${state.fatal.message}`;
  if (state.end?.error) return `ranker: error: ${state.end.error}`;
  return null;
}

/** The lines printed when the run is over: status, report path, headline numbers, exit code. */
export function summaryLines(state: RunState): string[] {
  const lines: string[] = [];
  const status = state.end?.status ?? 'failed';
  const epochs = state.started
    ? `${state.end?.epochsCompleted ?? 0}/${state.started.epochs} epochs`
    : 'not started';
  lines.push(`run ${status} · ${epochs} · exit code ${exitCodeOf(state)}`);
  if (state.started) lines.push(`run directory: ${state.started.runDir}`);
  if (state.reportPath) {
    const partial = state.reportPartial
      ? ' (partial: an analysis is missing, see its Problems)'
      : '';
    lines.push(`report: ${state.reportPath}${partial}`);
  }
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
      const interval = gns.interval ? ` · ${formatInterval(gns.interval, gns.intervalNote)}` : '';
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
  const audit = t.auditMs > 0 ? ` · data audit ${seconds(t.auditMs)}` : '';
  return `time: data and model ${seconds(t.openMs)} · training ${seconds(t.trainMs)} · probes ${seconds(t.probeMs)}${audit} · validation ${seconds(t.validationMs)} · checkpoints ${seconds(t.checkpointMs)} · report ${seconds(t.reportMs)} · gradient analysis ${seconds(t.analysisMs)} (within training and probes)`;
}
