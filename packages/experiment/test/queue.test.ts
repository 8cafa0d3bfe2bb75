import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { SweepCellResult } from '@ranker/report';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectRedis,
  EXPERIMENT_VERSION,
  LocalExecutor,
  QueueExecutor,
  RUN_QUEUE,
  runSweep,
  startQueueWorker,
} from '../src/index.js';
import { freePort, REDIS_SERVER, type RedisServer, startRedis } from './support/redis-server.js';
import { numbersOf, tinyPlan } from './support/tiny-plan.js';

// Against a real redis-server (Debian's) on a free loopback port, stopped by its PID. The
// kill test runs real quick-model runs in two worker processes and a local baseline
// (≈ 60–90 s on the shared 2-core machine: the slowest file).
const root = mkdtempSync(join(tmpdir(), 'queue-'));
let redis: RedisServer;
const children: ChildProcess[] = [];
// Like the tmux test: skipped with a printed reason where the system package is missing
// (scripts/setup.sh installs it, so CI runs these).
const hasRedis = existsSync(REDIS_SERVER);
if (!hasRedis)
  console.log(
    `skipping the queue tests: ${REDIS_SERVER} is missing (apt-get install redis-server)`,
  );
beforeAll(async () => {
  if (hasRedis) redis = await startRedis();
});
afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
  }
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

interface WorkerLine {
  ready?: boolean;
  log?: string;
  job?: string;
  cellId?: string;
  type?: string;
  epoch?: number | null;
}

/** `ranker worker` as a process of its own (own --out: no shared filesystem). */
function spawnWorker(out: string, onLine: (line: WorkerLine) => void): ChildProcess {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@ranker/source',
      'test/support/queue-worker.ts',
      redis.url,
      out,
    ],
    { cwd: join(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  createInterface({ input: child.stdout! }).on('line', (text) => {
    try {
      onLine(JSON.parse(text));
    } catch {} // library output
  });
  return child;
}

const readResult = (dir: string, runId: string): SweepCellResult =>
  JSON.parse(readFileSync(join(dir, 'results', `${runId}.json`), 'utf8'));

describe.skipIf(!hasRedis)('the BullMQ queue', () => {
  it('names an unreachable Redis URL at once instead of hanging', { timeout: 10_000 }, async () => {
    const url = `redis://127.0.0.1:${await freePort()}`; // nothing listens there
    await expect(connectRedis(url)).rejects.toMatchObject({
      code: 'REDIS_UNREACHABLE',
      message: expect.stringContaining(`cannot reach Redis at ${url} (connect ECONNREFUSED`),
    });
    await expect(connectRedis('http://127.0.0.1:1')).rejects.toMatchObject({
      code: 'BAD_QUEUE_URL',
    });
  });

  it('a worker refuses a job made by another version, naming both, without retrying it', async () => {
    const worker = await startQueueWorker(redis.url, { out: join(root, 'refuse') });
    const connection = await connectRedis(redis.url);
    const queue = new Queue(RUN_QUEUE, { connection });
    const events = new QueueEvents(RUN_QUEUE, { connection: await connectRedis(redis.url) });
    await events.waitUntilReady();
    const plan = tinyPlan([4]);
    const job = await queue.add(
      'run',
      { version: '0.0.0-other', sweepId: 'refuse', lang: 'en', cell: plan.cells[0] },
      { attempts: 3 },
    );
    await expect(job.waitUntilFinished(events)).rejects.toThrow(
      `was made by @ranker/experiment 0.0.0-other; this worker runs ${EXPERIMENT_VERSION}`,
    );
    const failed = await queue.getJob(job.id!);
    expect(failed?.attemptsMade).toBe(1); // refused once, not retried
    await worker.close();
    await events.close();
    await queue.close();
    await connection.quit();
  });

  it('two workers, one killed with SIGKILL mid-run: its job is taken up again and the sweep completes with the numbers of a local sweep', {
    timeout: 240_000,
  }, async () => {
    const plan = tinyPlan([4, 8], 3);
    const lines: WorkerLine[] = [];
    const workers = new Map<string, ChildProcess>();
    let killed: { cellId: string; pid: number } | null = null;
    const start = (name: string) =>
      new Promise<void>((ready) => {
        const child = spawnWorker(join(root, name), (line) => {
          lines.push({ ...line, log: line.log && `${name}: ${line.log}` });
          if (line.ready) ready();
          // the first worker to finish an epoch dies in the middle of its next one
          if (line.type === 'epochEnd' && line.epoch === 1 && !killed && line.cellId) {
            killed = { cellId: line.cellId, pid: child.pid! };
            process.kill(child.pid!, 'SIGKILL');
          }
        });
        workers.set(name, child);
      });
    await Promise.all([start('worker-a'), start('worker-b')]);

    const queued = join(root, 'queued');
    const outcome = await runSweep(plan, {
      dir: queued,
      executor: (sweep) => new QueueExecutor(redis.url, sweep.sweepId),
    });
    expect(killed).not.toBeNull();
    const errors = JSON.parse(readFileSync(join(queued, 'sweep.json'), 'utf8')).cells.map(
      (c: { error: string | null }) => c.error,
    );
    expect(errors).toEqual([null, null]);
    expect(outcome.counts).toMatchObject({ completed: 2, failed: 0, interrupted: 0 });
    // The killed worker's cell was run to completion by the other worker.
    const killedCell = plan.cells.find((c) => c.id === killed!.cellId)!;
    const rerun = lines.filter((l) => l.cellId === killed!.cellId && l.type === 'started');
    expect(rerun.length).toBe(2);
    expect(readResult(queued, killedCell.runId).runDir).toContain(join(root, 'worker-'));

    const local = join(root, 'local');
    await runSweep(plan, { dir: local, executor: (sweep) => new LocalExecutor(1, sweep.runsDir) });
    for (const cell of plan.cells) {
      expect(numbersOf(readResult(queued, cell.runId))).toEqual(
        numbersOf(readResult(local, cell.runId)),
      );
    }
    for (const child of workers.values()) {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
    }
  });
});
