import type { CellStatus, SweepEvent } from '@ranker/experiment';
import type { NoiseScaleEstimate } from '@ranker/grad-analysis';

/** One row of the sweep table. */
export interface CellRow {
  id: string;
  status: CellStatus;
  epoch: number; // last completed epoch (0 before the first)
  epochs: number | null; // from the run's 'started' event
  startEpoch: number;
  epochSeconds: number[]; // wall time of each epoch this session
  noiseScale: Pick<
    NoiseScaleEstimate,
    'bSimple' | 'status' | 'undefinedReason' | 'gradientNormSquared' | 'traceCovariance'
  > | null; // latest probe's B_simple
  probeEpoch: number | null;
  error: string | null;
}

export interface SweepState {
  sweepId: string | null;
  dir: string | null;
  executor: string | null;
  toRun: number;
  cells: CellRow[];
  comparison: { path: string | null; partial: boolean; problems: string[] } | null;
  ended: boolean;
  logs: string[];
}

export const initialSweepState: SweepState = {
  sweepId: null,
  dir: null,
  executor: null,
  toRun: 0,
  cells: [],
  comparison: null,
  ended: false,
  logs: [],
};

const emptyRow = (id: string, status: CellStatus): CellRow => ({
  id,
  status,
  epoch: 0,
  epochs: null,
  startEpoch: 1,
  epochSeconds: [],
  noiseScale: null,
  probeEpoch: null,
  error: null,
});

/** Seconds left for a cell: remaining epochs × its mean epoch time so far; NaN when unknown. */
export function cellEta(row: CellRow): number {
  if (row.status === 'completed') return 0;
  if (row.epochs === null || row.epochSeconds.length === 0) return Number.NaN;
  const mean = row.epochSeconds.reduce((s, x) => s + x, 0) / row.epochSeconds.length;
  return (row.epochs - row.epoch) * mean;
}

function updateRow(state: SweepState, id: string, update: (row: CellRow) => CellRow): SweepState {
  return { ...state, cells: state.cells.map((row) => (row.id === id ? update(row) : row)) };
}

/** Folds one sweep event into the table state (pure). */
export function reduceSweepEvent(state: SweepState, event: SweepEvent): SweepState {
  switch (event.type) {
    case 'sweepStarted':
      return {
        ...state,
        sweepId: event.sweepId,
        dir: event.dir,
        executor: event.executor,
        toRun: event.toRun,
        cells: event.cells.map((c) => emptyRow(c.id, c.status)),
      };
    case 'cellStatus':
      return updateRow(state, event.cellId, (row) => ({
        ...row,
        status: event.status,
        error: event.error,
      }));
    case 'cellEvent': {
      const e = event.event;
      if (e.type === 'started') {
        return updateRow(state, event.cellId, (row) => ({
          ...row,
          epochs: e.epochs,
          startEpoch: e.startEpoch,
          epoch: e.startEpoch - 1,
          epochSeconds: [],
        }));
      }
      if (e.type === 'epochEnd') {
        return updateRow(state, event.cellId, (row) => ({
          ...row,
          epoch: e.epoch,
          epochSeconds: [...row.epochSeconds, e.seconds],
        }));
      }
      if (e.type === 'probeAnalysis') {
        return updateRow(state, event.cellId, (row) => ({
          ...row,
          noiseScale: e.analysis.noiseScale,
          probeEpoch: e.epoch,
        }));
      }
      if (e.type === 'fatal') {
        return updateRow(state, event.cellId, (row) => ({ ...row, error: e.message }));
      }
      return state;
    }
    case 'log':
      return { ...state, logs: [...state.logs, event.line].slice(-3) };
    case 'comparison':
      return { ...state, comparison: event };
    case 'sweepEnd':
      return { ...state, ended: true };
  }
}
