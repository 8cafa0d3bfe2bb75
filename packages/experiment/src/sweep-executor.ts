import type { SweepCellResult } from '@ranker/report';
import type { ExperimentEvent } from './events.js';
import type { SweepCell } from './sweep-plan.js';

/** What an executor tells the sweep as cells run. Each returned promise is awaited in order. */
export interface SweepHooks {
  onStart(cell: SweepCell): Promise<void>;
  onEvent(cellId: string, event: ExperimentEvent): void;
  /** The cell ran (completed, interrupted, or failed with a result). */
  onResult(result: SweepCellResult, error: string | null): Promise<void>;
  /** The cell's process or job was lost without a result (it resumes on the next run). */
  onLost(cell: SweepCell, reason: string): Promise<void>;
  onLog(line: string): void;
}

/** Runs cells: the local process pool, or BullMQ workers behind a Redis queue. */
export interface SweepExecutor {
  readonly description: string;
  run(cells: SweepCell[], hooks: SweepHooks): Promise<void>;
  /** Asks every running cell to stop gracefully; no new cell starts. */
  stop(): void;
}
