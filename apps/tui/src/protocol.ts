import type { ExperimentEvent } from '@ranker/experiment';
import type { RunOptions } from './options.js';

/** Messages from the training worker to the UI thread: @ranker/experiment's events. */
export type RunEvent = ExperimentEvent;

export interface WorkerData {
  options: RunOptions;
}
