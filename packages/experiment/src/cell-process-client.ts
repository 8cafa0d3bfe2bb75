import { type ChildProcess, fork } from 'node:child_process';
import type { SweepCellResult } from '@ranker/report';
import { ExperimentError } from './errors.js';
import type { ExperimentEvent } from './events.js';
import type { SweepCell } from './sweep-plan.js';

/** Parent → cell process. */
export type CellProcessRequest =
  | { type: 'run'; cell: SweepCell; outDir: string; lang: string }
  | { type: 'stop' };

/** Cell process → parent. */
export type CellProcessMessage =
  | { type: 'event'; cellId: string; event: ExperimentEvent }
  | { type: 'result'; result: SweepCellResult; error: string | null };

/**
 * A process that runs sweep cells one at a time (`cell-process.ts`). Training runs there, so
 * the parent's event loop never blocks: a queue worker keeps renewing its BullMQ lock, a local
 * sweep keeps its table live, and a crash or a native abort costs one cell.
 */
export class CellProcess {
  private readonly child: ChildProcess;
  private settle: ((message: CellProcessMessage & { type: 'result' }) => void) | null = null;
  private fail: ((error: Error) => void) | null = null;
  private onEvent: ((event: ExperimentEvent) => void) | null = null;
  private current: SweepCell | null = null;
  private readonly exited: Promise<void>;

  /** `onLog`: the process's stdout/stderr lines (library banners), which would tear a terminal UI. */
  constructor(onLog: (line: string) => void) {
    const fromSource = import.meta.url.endsWith('.ts');
    const entry = new URL(fromSource ? './cell-process.ts' : './cell-process.js', import.meta.url);
    const execArgv = fromSource
      ? ['--import', import.meta.resolve('tsx'), '--conditions=@ranker/source']
      : [];
    this.child = fork(entry, [], { execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const log = (text: string) => {
      for (const line of text.split('\n')) if (line.trim()) onLog(line.trim());
    };
    this.child.stdout?.setEncoding('utf8').on('data', log);
    this.child.stderr?.setEncoding('utf8').on('data', log);
    this.child.on('message', (message: CellProcessMessage) => {
      if (message.type === 'event') this.onEvent?.(message.event);
      else this.settle?.(message);
    });
    this.exited = new Promise((resolve) => this.child.on('exit', () => resolve()));
    this.child.on('exit', (code, signal) => {
      this.fail?.(
        new ExperimentError(
          'WORKER_FAILED',
          `cell process ${this.child.pid} exited (${signal ?? `code ${code}`}) while running cell ${this.current?.id}`,
        ),
      );
    });
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Runs one cell in `<outDir>/<cell.runId>`; rejects with WORKER_FAILED if the process dies. */
  run(
    cell: SweepCell,
    outDir: string,
    lang: string,
    onEvent: (event: ExperimentEvent) => void,
  ): Promise<{ result: SweepCellResult; error: string | null }> {
    this.current = cell;
    this.onEvent = onEvent;
    return new Promise<CellProcessMessage & { type: 'result' }>((resolve, reject) => {
      if (!this.alive) {
        reject(new ExperimentError('WORKER_FAILED', `cell process ${this.child.pid} has exited`));
        return;
      }
      this.settle = resolve;
      this.fail = reject;
      this.child.send({ type: 'run', cell, outDir, lang } satisfies CellProcessRequest);
    }).finally(() => {
      this.settle = this.fail = this.onEvent = this.current = null;
    });
  }

  /** Stops the cell in progress gracefully (checkpoint, partial report): it ends 'interrupted'. */
  stop(): void {
    if (this.alive) this.child.send({ type: 'stop' } satisfies CellProcessRequest);
  }

  /** Closes the channel; the process exits (at once if idle, abandoning a run in progress). */
  async close(): Promise<void> {
    if (this.child.connected) this.child.disconnect();
    await this.exited;
  }
}
