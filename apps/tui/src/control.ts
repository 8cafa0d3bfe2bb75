import type { ExperimentCommand } from '@ranker/experiment';

/** Commands from the UI thread to the training worker: @ranker/experiment's commands. */
export type RunCommand = ExperimentCommand;

/**
 * The UI side of the run's controls. The trainer yields to the event loop between batches, so
 * a command posted to the worker takes effect at the next batch boundary.
 */
export class RunControl {
  private pausedFlag = false;
  private stopFlag = false;

  constructor(private readonly send: (command: RunCommand) => void) {}

  pause(): void {
    this.pausedFlag = true;
    this.send('pause');
  }

  resume(): void {
    this.pausedFlag = false;
    this.send('resume');
  }

  /** Graceful stop: the trainer checkpoints the last finished epoch, then the partial report. */
  stop(): void {
    if (this.stopFlag) return;
    this.stopFlag = true;
    this.send('stop');
  }

  requestReport(): void {
    this.send('report');
  }

  get paused(): boolean {
    return this.pausedFlag;
  }

  get stopRequested(): boolean {
    return this.stopFlag;
  }
}
