import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Language, SweepCellResult } from '@ranker/report';
import { FlowProducer, type Job, QueueEvents, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { CellProcess } from './cell-process-client.js';
import { ExperimentError } from './errors.js';
import type { ExperimentEvent } from './events.js';
import { connectRedis } from './redis-connection.js';
import type { SweepExecutor, SweepHooks } from './sweep-executor.js';
import type { SweepCell } from './sweep-plan.js';
import { EXPERIMENT_VERSION } from './version.js';

/** The queue every worker takes run jobs from. */
export const RUN_QUEUE = 'ranker-runs';
/** Attempts of a run job (a failed attempt resumes the cell on the worker that retries it). */
const RUN_ATTEMPTS = 3;

/** A run job's data: the cell, whose sweep it belongs to, and the version that made it. */
export interface RunJobData {
  version: string;
  sweepId: string;
  lang: Language;
  cell: SweepCell;
}

/** A run job's result: the cell's result (summary and probe records) and the run's error. */
export interface RunJobResult {
  result: SweepCellResult;
  error: string | null;
}

/** Progress a worker publishes: the experiment's events, but at most one batchEnd every 2 s. */
type RunJobProgress = ExperimentEvent;

const BATCH_PROGRESS_EVERY_MS = 2000;

export interface QueueTiming {
  /** ms a worker's lock on a job lasts without renewal (BullMQ `lockDuration`, default 30 000). */
  lockDurationMs?: number;
  /** ms between stalled-job checks (BullMQ `stalledInterval`, default 30 000). */
  stalledIntervalMs?: number;
}

/**
 * The distributed executor: puts the cells on BullMQ as one flow — a comparison job (on this
 * sweep's own queue) as the parent of one run job per cell (on `RUN_QUEUE`) — and waits for the
 * parent to become processable, i.e. for every child to complete or fail for good. The children's
 * return values are the results: no shared filesystem. Retries (3 attempts) and stalled-job
 * recovery (a killed worker's job is taken up again) are BullMQ's.
 */
export class QueueExecutor implements SweepExecutor {
  private connections: Redis[] = [];
  private stopping: (() => void) | null = null;

  constructor(
    private readonly url: string,
    private readonly sweepId: string,
    private readonly lang: Language = 'en',
  ) {}

  get description(): string {
    return `BullMQ queue ${RUN_QUEUE} at ${this.url}`;
  }

  async run(cells: SweepCell[], hooks: SweepHooks): Promise<void> {
    if (cells.length === 0) return;
    const connect = async () => {
      const client = await connectRedis(this.url);
      this.connections.push(client);
      return client;
    };
    try {
      await this.runFlow(cells, hooks, connect);
    } finally {
      await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
      this.connections = [];
    }
  }

  /** A queued sweep cannot stop workers on other machines: stop waiting (cells stay queued). */
  stop(): void {
    this.stopping?.();
  }

  private async runFlow(
    cells: SweepCell[],
    hooks: SweepHooks,
    connect: () => Promise<Redis>,
  ): Promise<void> {
    // A fresh id per invocation: a re-run only enqueues the cells still missing.
    const attempt = `${this.sweepId}-${randomBytes(3).toString('hex')}`;
    const comparisonQueue = `ranker-comparison-${attempt}`;
    const byJobId = new Map(cells.map((cell) => [`${attempt}-${cell.runId}`, cell]));

    const events = new QueueEvents(RUN_QUEUE, { connection: await connect() });
    await events.waitUntilReady();
    events.on('active', ({ jobId }) => {
      const cell = byJobId.get(jobId);
      if (cell) void hooks.onStart(cell);
    });
    events.on('progress', ({ jobId, data }) => {
      const cell = byJobId.get(jobId);
      if (cell) hooks.onEvent(cell.id, data as RunJobProgress);
    });
    events.on('failed', ({ jobId, failedReason }) => {
      const cell = byJobId.get(jobId);
      if (cell) hooks.onLog(`cell ${cell.id}: job ${jobId} failed: ${failedReason}`);
    });

    let worker: Worker | null = null;
    const done = new Promise<Record<string, RunJobResult>>((resolve, reject) => {
      this.stopping = () => reject(new ExperimentError('WORKER_FAILED', 'stopped waiting'));
      void connect().then((connection) => {
        worker = new Worker(
          comparisonQueue,
          async (job: Job) => {
            const values = await job.getChildrenValues<RunJobResult>();
            const failures = await job.getIgnoredChildrenFailures();
            for (const [key, reason] of Object.entries(failures)) {
              const cell = byJobId.get(key.split(':').at(-1) ?? '');
              if (cell)
                await hooks.onLost(cell, `failed after ${RUN_ATTEMPTS} attempts: ${reason}`);
            }
            resolve(values);
          },
          { connection, concurrency: 1 },
        );
        worker.on('error', (error) => hooks.onLog(`comparison worker: ${error.message}`));
      }, reject);
    }).finally(() => {
      this.stopping = null;
    });

    const flow = new FlowProducer({ connection: await connect() });
    await flow.add({
      name: 'comparison',
      queueName: comparisonQueue,
      data: { sweepId: this.sweepId },
      opts: { jobId: `${attempt}-comparison` },
      children: cells.map((cell) => ({
        name: 'run',
        queueName: RUN_QUEUE,
        data: { version: EXPERIMENT_VERSION, sweepId: this.sweepId, lang: this.lang, cell },
        opts: {
          jobId: `${attempt}-${cell.runId}`,
          attempts: RUN_ATTEMPTS,
          backoff: { type: 'fixed', delay: 1000 },
          ignoreDependencyOnFailure: true,
        },
      })),
    });
    hooks.onLog(`queued ${cells.length} run jobs on ${RUN_QUEUE} at ${this.url} (flow ${attempt})`);
    try {
      const values = await done;
      for (const { result, error } of Object.values(values)) await hooks.onResult(result, error);
    } catch (error) {
      if (!(error instanceof ExperimentError)) throw error;
    } finally {
      await (worker as Worker | null)?.close();
      await events.close();
      await flow.close();
    }
  }
}

export interface QueueWorkerOptions extends QueueTiming {
  /** Where this worker keeps its run directories: `<out>/<sweepId>/<runId>`. */
  out: string;
  onEvent?: (job: { id: string; cellId: string }, event: ExperimentEvent) => void;
  onLog?: (line: string) => void;
}

export interface QueueWorker {
  /** Finishes the job in progress (its run is stopped gracefully and resumes elsewhere), then closes. */
  close(): Promise<void>;
}

/**
 * `ranker worker`: takes run jobs off `RUN_QUEUE` one at a time and runs each cell in its own
 * `--out` (`<out>/<sweepId>/<runId>`), in a cell process so that training never blocks the lock
 * renewal; returns the cell's result as the job's value. A cell that ends interrupted or failed
 * throws, so BullMQ retries it (the retry resumes it when it lands on the same worker). A job made
 * by another version of this package is refused (failed at once, not retried), naming both.
 */
export async function startQueueWorker(
  url: string,
  options: QueueWorkerOptions,
): Promise<QueueWorker> {
  const connection = await connectRedis(url);
  const log = options.onLog ?? (() => {});
  const cells = new CellProcess(log);
  const worker = new Worker<RunJobData, RunJobResult>(
    RUN_QUEUE,
    async (job) => {
      const { version, sweepId, lang, cell } = job.data;
      if (version !== EXPERIMENT_VERSION) {
        throw new UnrecoverableError(
          `job ${job.id} (cell ${cell?.id}) was made by @ranker/experiment ${version}; this worker runs ${EXPERIMENT_VERSION}: run workers of the coordinator's version`,
        );
      }
      log(`job ${job.id}: cell ${cell.id} (attempt ${job.attemptsMade + 1})`);
      let lastBatchMs = 0;
      const { result, error } = await cells.run(cell, join(options.out, sweepId), lang, (event) => {
        options.onEvent?.({ id: job.id ?? '', cellId: cell.id }, event);
        if (event.type === 'batchEnd') {
          const now = Date.now();
          if (now - lastBatchMs < BATCH_PROGRESS_EVERY_MS) return;
          lastBatchMs = now;
        }
        if (event.type === 'probeBatch') return;
        void job.updateProgress(event).catch(() => {});
      });
      if (result.status !== 'completed') {
        throw new Error(`cell ${cell.id} ended ${result.status}${error ? `: ${error}` : ''}`);
      }
      return { result, error };
    },
    {
      connection,
      concurrency: 1,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: 2,
    },
  );
  worker.on('error', (error) => log(`worker: ${error.message}`));
  worker.on('failed', (job, error) => log(`job ${job?.id} failed: ${error.message}`));
  await worker.waitUntilReady();
  return {
    async close() {
      cells.stop();
      await worker.close();
      await cells.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
