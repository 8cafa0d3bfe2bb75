// Queue overhead of a sweep on BullMQ (real redis-server on a free loopback port): the time a run
// job costs beyond its training — the flow's enqueue, a worker taking the job, returning a
// result the size of a quick cell's (≈ 150 KB: metrics and probe records), and the parent
// (the comparison job) collecting the children's values. Prints a table; asserts nothing.
// Needs /usr/bin/redis-server.
import { FlowProducer, type Job, Worker } from 'bullmq';
import { connectRedis } from '../src/index.js';
import { startRedis } from '../test/support/redis-server.js';

export async function queueOverheadBench(): Promise<void> {
  const redis = await startRedis();
  const stopOnExit = () => void redis.stop(); // never leave the server behind
  process.on('exit', stopOnExit);
  const clients = await Promise.all([1, 2, 3].map(() => connectRedis(redis.url)));
  const [flowClient, runClient, parentClient] = clients;

  // A result shaped like a quick cell's: 4 epochs, 3 probes with 48×48 cosine matrices and pairs.
  const matrix = Array.from({ length: 48 }, () => Array.from({ length: 48 }, () => Math.random()));
  const pairs = Array.from({ length: 24 }, () =>
    Array.from({ length: 2 }, (_, i) => ({
      left: `plastic/3000hz/deg036/00${i}.wav`,
      right: 'plastic/3000hz/deg144/004.wav',
      target: 1,
    })),
  );
  const result = {
    epochs: [1, 2, 3, 4].map((epoch) => ({ epoch, loss: Math.random() })),
    probes: [2, 3, 4].map((epoch) => ({
      epoch,
      matrix,
      pairs,
      embedding: matrix.map((r) => r.slice(0, 2)),
    })),
  };
  const payloadKb = JSON.stringify(result).length / 1024;

  const runWorker = new Worker('bench-runs', async () => result, {
    connection: runClient,
    concurrency: 1,
  });
  const flow = new FlowProducer({ connection: flowClient });

  async function sweepOf(jobs: number, tag: string): Promise<number> {
    const queue = `bench-parent-${tag}`;
    const start = performance.now();
    let parent: Worker | null = null;
    const done = new Promise<void>((resolve) => {
      parent = new Worker(
        queue,
        async (job: Job) => {
          const values = await job.getChildrenValues();
          if (Object.keys(values).length !== jobs) throw new Error('missing children');
          resolve();
        },
        { connection: parentClient },
      );
    });
    await flow.add({
      name: 'comparison',
      queueName: queue,
      children: Array.from({ length: jobs }, (_, i) => ({
        name: 'run',
        queueName: 'bench-runs',
        data: { i },
        opts: { jobId: `${tag}-${i}` },
      })),
    });
    await done;
    const elapsed = performance.now() - start;
    await (parent as Worker | null)?.close();
    return elapsed;
  }

  const rows: [string, string][] = [];
  await sweepOf(4, 'warm-up');
  for (const jobs of [1, 4, 40]) {
    const times: number[] = [];
    for (let r = 0; r < 5; r++) times.push(await sweepOf(jobs, `n${jobs}-r${r}`));
    times.sort((a, b) => a - b);
    const median = times[2];
    rows.push([
      `${jobs} job${jobs === 1 ? '' : 's'} (1 worker)`,
      `${median.toFixed(1)} ms total, ${(median / jobs).toFixed(2)} ms per job (median of 5; min ${times[0].toFixed(1)}, max ${times[4].toFixed(1)})`,
    ]);
  }
  console.log(
    `BullMQ flow overhead, result ${payloadKb.toFixed(0)} KB per job, redis-server ${redis.url}`,
  );
  for (const [what, figure] of rows) console.log(`${what.padEnd(22)} ${figure}`);
  await runWorker.close();
  await flow.close();
  for (const c of clients) await c.quit();
  await redis.stop();
  process.off('exit', stopOnExit);
}
