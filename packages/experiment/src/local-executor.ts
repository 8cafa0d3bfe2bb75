import { type ChildProcess, fork } from 'node:child_process';
import type { Language } from '@ranker/report';
import type { SweepCellResult } from './comparison-contract.js';
import { ExperimentError } from './errors.js';
import type { ExperimentEvent } from './events.js';
import type { SweepExecutor, SweepHooks } from './sweep-executor.js';
import type { SweepCell } from './sweep-plan.js';

/** Parent → worker process. */
export type CellProcessRequest =
  | { type: 'run'; cell: SweepCell; outDir: string; lang: string }
  | { type: 'stop' };

/** Worker process → parent. */
export type CellProcessMessage =
  | { type: 'event'; cellId: string; event: ExperimentEvent }
  | { type: 'result'; result: SweepCellResult; error: string | null };

/**
 * Starts a worker process. Built JavaScript runs directly; the TypeScript entry (tests, tsx)
 * runs through tsx with workspace packages resolved to their sources.
 */
function startCellProcess(): ChildProcess {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './cell-process.ts' : './cell-process.js', import.meta.url);
  const execArgv = fromSource
    ? ['--import', import.meta.resolve('tsx'), '--conditions=@ranker/source']
    : [];
  // stdout/stderr are piped (library banners would tear a terminal UI) and forwarded as logs.
  return fork(entry, [], { execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
}

/**
 * The local executor: a pool of `workers` processes, each running one cell at a time (a process
 * each, so a crash or a native abort costs one cell, and each run has its own tfjs backend).
 * Cells go out in grid order as processes become free.
 */
export class LocalExecutor implements SweepExecutor {
  private readonly processes = new Set<ChildProcess>();
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
    for (const child of this.processes) child.send({ type: 'stop' } satisfies CellProcessRequest);
  }

  /** One worker process taking cells off the shared queue until it is empty. */
  private async lane(queue: SweepCell[], hooks: SweepHooks): Promise<void> {
    const child = startCellProcess();
    this.processes.add(child);
    const log = (line: string) => line.trim() && hooks.onLog(line.trim());
    child.stdout?.setEncoding('utf8').on('data', (text: string) => text.split('\n').forEach(log));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => text.split('\n').forEach(log));
    let current: SweepCell | null = null;
    let settle: ((message: CellProcessMessage & { type: 'result' }) => void) | null = null;
    let fail: ((error: Error) => void) | null = null;
    child.on('message', (message: CellProcessMessage) => {
      if (message.type === 'event') hooks.onEvent(message.cellId, message.event);
      else if (message.type === 'result') settle?.(message);
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    child.on('exit', (code, signal) => {
      fail?.(
        new ExperimentError(
          'WORKER_FAILED',
          `worker process ${child.pid} exited (${signal ?? `code ${code}`}) while running cell ${current?.id}`,
        ),
      );
    });
    try {
      while (!this.stopped && queue.length > 0) {
        const cell = queue.shift()!;
        current = cell;
        await hooks.onStart(cell);
        const outcome = await new Promise<CellProcessMessage & { type: 'result' }>(
          (resolve, reject) => {
            settle = resolve;
            fail = reject;
            child.send({
              type: 'run',
              cell,
              outDir: this.outDir,
              lang: this.lang,
            } satisfies CellProcessRequest);
          },
        ).catch((error: Error) => ({
          type: 'result' as const,
          result: null,
          error: error.message,
        }));
        settle = fail = null;
        if (outcome.result) await hooks.onResult(outcome.result, outcome.error);
        else await hooks.onLost(cell, outcome.error ?? 'worker process lost');
        if (child.exitCode !== null || child.signalCode !== null) break;
      }
    } finally {
      this.processes.delete(child);
      if (child.connected) child.disconnect(); // the process exits when its channel closes
      await exited;
    }
  }
}
