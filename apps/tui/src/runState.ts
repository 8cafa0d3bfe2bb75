import type { OnlineNoiseScaleSummary, ProbeAnalysis } from '@ranker/grad-analysis';
import type { RunEvent } from './protocol.js';

export interface ProbePoint {
  epoch: number;
  analysis: ProbeAnalysis;
  training: OnlineNoiseScaleSummary | null;
  file: string;
}

export interface EpochPoint {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
  pairwiseAccuracy: number;
  spearman: number;
  seconds: number;
}

/** What the dashboard and the headless log know about the run, folded from RunEvents. */
export interface RunState {
  started: Extract<RunEvent, { type: 'started' }> | null;
  startedAtMs: number | null;
  epoch: number; // current epoch (1-based), 0 before the first batch
  batchIndex: number; // batches done in the current epoch
  stepsDone: number; // steps of this session (excludes resumed epochs)
  batchLosses: number[]; // per batch loss, in order
  epochs: EpochPoint[];
  probes: ProbePoint[];
  probing: { epoch: number; done: number; batches: number } | null;
  paused: boolean;
  stopping: boolean;
  reportPath: string | null;
  reportPartial: boolean; // the last report rendered lacks analyses (or the run did not complete)
  /** The latest data audit (top recordings by score), null before one exists. */
  audit: Extract<RunEvent, { type: 'audit' }> | null;
  end: Extract<RunEvent, { type: 'runEnd' }> | null;
  fatal: { code: string; message: string } | null;
  logs: string[]; // last few log lines
}

export const initialRunState: RunState = {
  started: null,
  startedAtMs: null,
  epoch: 0,
  batchIndex: 0,
  stepsDone: 0,
  batchLosses: [],
  epochs: [],
  probes: [],
  probing: null,
  paused: false,
  stopping: false,
  reportPath: null,
  reportPartial: false,
  audit: null,
  end: null,
  fatal: null,
  logs: [],
};

const LOG_LINES = 5;

export function reduceRunEvent(state: RunState, event: RunEvent, nowMs: number): RunState {
  switch (event.type) {
    case 'started':
      return { ...state, started: event, startedAtMs: nowMs, epoch: event.startEpoch };
    case 'log':
      return { ...state, logs: [...state.logs, event.line].slice(-LOG_LINES) };
    case 'batchEnd':
      return {
        ...state,
        epoch: event.epoch,
        batchIndex: event.batchIndex + 1,
        stepsDone: state.stepsDone + 1,
        batchLosses: [...state.batchLosses, event.loss],
      };
    case 'probeStart':
      return { ...state, probing: { epoch: event.epoch, done: 0, batches: event.batches } };
    case 'probeBatch':
      return state.probing
        ? { ...state, probing: { ...state.probing, done: event.batchIndex + 1 } }
        : state;
    case 'probeAnalysis':
      return {
        ...state,
        probing: null,
        probes: [
          ...state.probes,
          {
            epoch: event.epoch,
            analysis: event.analysis,
            training: event.training,
            file: event.file,
          },
        ],
      };
    case 'epochEnd': {
      const { type: _, ...point } = event;
      return { ...state, epochs: [...state.epochs, point] };
    }
    case 'paused':
      return { ...state, paused: true };
    case 'resumed':
      return { ...state, paused: false };
    case 'report':
      return { ...state, reportPath: event.path, reportPartial: event.partial };
    case 'audit':
      return { ...state, audit: event };
    case 'runEnd':
      return { ...state, end: event, paused: false, probing: null };
    case 'fatal':
      return { ...state, fatal: { code: event.code, message: event.message } };
  }
}

/** Steps per epoch × epochs to run in this session: the denominator of the step progress bar. */
export function totalSteps(state: RunState): number {
  if (!state.started) return 0;
  const { epochs, startEpoch, batchesPerEpoch } = state.started;
  return Math.max(0, epochs - startEpoch + 1) * batchesPerEpoch;
}

/**
 * Seconds left in this session at the mean rate so far: remaining steps × elapsed / steps done
 * (elapsed includes validation and probes, so their share is spread over the steps). The one ETA
 * the epoch bar, the step bar and the headless lines all show. NaN before the first step.
 */
export function etaSeconds(state: RunState, nowMs: number): number {
  if (state.startedAtMs === null || state.stepsDone === 0) return Number.NaN;
  const elapsed = (nowMs - state.startedAtMs) / 1000;
  return (Math.max(0, totalSteps(state) - state.stepsDone) * elapsed) / state.stepsDone;
}
