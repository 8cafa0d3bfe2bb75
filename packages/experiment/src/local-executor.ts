import type { Language } from '@ranker/report';
import { CellProcess } from './cell-process-client.js';
import type { SweepExecutor, SweepHooks } from './sweep-executor.js';
import type { SweepCell } from './sweep-plan.js';

/**
 * The local executor: a pool of `workers` processes, each running one cell at a time (a process
 * each, so each run has its own tfjs backend and a crash costs one cell). Cells go out in grid
 * order as processes become free.
 */
export class LocalExecutor implements SweepExecutor {
  private readonly processes = new Set<CellProcess>();
  private stopped = false;

  constructor(
    private readonly workers: number,
    private readonly outDir: string,
    private readonly lang: Language = 'en',
  ) {}

  get description(): string {
    return `local, ${this.workers} worker process${this.workers === 1 ? '' : 'es'}`;
  }

  async run(cells: SweepCell[], hooks: SweepHooks): Promise<void> {
    const queue = [...cells];
    const lanes = Array.from({ length: Math.min(this.workers, queue.length) }, () =>
      this.lane(queue, hooks),
    );
    await Promise.all(lanes);
  }

  /** Stops every running cell gracefully (checkpoint, partial report); no new cell starts. */
  stop(): void {
    this.stopped = true;
    for (const process of this.processes) process.stop();
  }

  /** One worker process taking cells off the shared queue until it is empty. */
  private async lane(queue: SweepCell[], hooks: SweepHooks): Promise<void> {
    const process = new CellProcess(hooks.onLog);
    this.processes.add(process);
    try {
      while (!this.stopped && queue.length > 0 && process.alive) {
        const cell = queue.shift()!;
        await hooks.onStart(cell);
        try {
          const { result, error } = await process.run(cell, this.outDir, this.lang, (event) =>
            hooks.onEvent(cell.id, event),
          );
          await hooks.onResult(result, error);
        } catch (error) {
          await hooks.onLost(cell, (error as Error).message);
        }
      }
    } finally {
      this.processes.delete(process);
      await process.close();
    }
  }
}
