import type { SweepEvent } from '@ranker/experiment';
import { formatDuration, formatNumber } from './format.js';
import { formatGns } from './formatGns.js';
import { cellEta, initialSweepState, reduceSweepEvent, type SweepState } from './sweepState.js';

/** Plain progress lines of a sweep (no TTY, CI, --headless): per cell, its epochs and probes. */
export class SweepLog {
  state: SweepState = initialSweepState;

  handle(event: SweepEvent): string[] {
    this.state = reduceSweepEvent(this.state, event);
    switch (event.type) {
      case 'sweepStarted':
        return [
          `sweep ${event.sweepId} in ${event.dir} · ${event.cells.length} cells, ${event.toRun} to run · ${event.executor}`,
        ];
      case 'cellStatus':
        return [
          `[${event.cellId}] ${event.status}${event.runDir ? ` · ${event.runDir}` : ''}${event.error ? ` · ${event.error}` : ''}`,
        ];
      case 'cellEvent': {
        const e = event.event;
        const row = this.state.cells.find((c) => c.id === event.cellId);
        if (e.type === 'epochEnd') {
          return [
            `[${event.cellId}] epoch ${e.epoch}/${row?.epochs ?? '?'} · validation loss ${formatNumber(e.validationLoss)} · pairwise accuracy ${formatNumber(100 * e.pairwiseAccuracy, 3)}% · Spearman ρ ${formatNumber(e.spearman, 3)} · ETA ${formatDuration(row ? cellEta(row) : Number.NaN)}`,
          ];
        }
        if (e.type === 'probeAnalysis') {
          return [
            `[${event.cellId}] probe epoch ${e.epoch}: B_simple = tr(Σ)/|G|² = ${formatGns(e.analysis.noiseScale)}`,
          ];
        }
        if (e.type === 'fatal') return [`[${event.cellId}] error [${e.code}]: ${e.message}`];
        if (e.type === 'report')
          return [`[${event.cellId}] report${e.partial ? ' (partial)' : ''}: ${e.path}`];
        return [];
      }
      case 'log':
        return [event.line];
      case 'comparison':
        return [
          event.path
            ? `comparison${event.partial ? ' (partial)' : ''}: ${event.path}`
            : 'comparison: not written',
          ...event.problems.map((p) => `comparison: ${p}`),
        ];
      case 'sweepEnd':
        return [
          `sweep ended: ${Object.entries(event.counts)
            .filter(([, n]) => n > 0)
            .map(([status, n]) => `${n} ${status}`)
            .join(', ')}`,
        ];
    }
  }
}
