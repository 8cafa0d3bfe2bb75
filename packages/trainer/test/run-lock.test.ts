import { readdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, resumeRun, startRun } from '../src/index.js';
import { linearComponents } from './support/linear-ranker.js';
import { deadPid, useLiveProcesses, writeLock } from './support/processes.js';
import { readState, smallConfig } from './support/run-helpers.js';
import { useTempDirs } from './support/temp-dir.js';

describe('run directory lock (issue 17, item 2)', () => {
  const tempDir = useTempDirs();
  const liveProcess = useLiveProcesses();

  /** A run stopped after epoch 1 of 2. */
  async function stoppedRun(): Promise<string> {
    const trainer = await startRun(smallConfig(await tempDir(), 'r1', 2, []), linearComponents());
    trainer.on('epochEnd', () => trainer.requestStop());
    await trainer.run();
    return trainer.directory.path;
  }

  it('refuses a second writer while a run is open, naming the holder; frees it when run() ends', async () => {
    const outDir = await tempDir();
    const first = await startRun(smallConfig(outDir, 'r1', 1, []), linearComponents());
    const lock = JSON.parse(await readFile(join(first.directory.path, LOCK_FILE), 'utf8'));
    expect(lock).toEqual({ pid: process.pid, host: hostname(), startedAt: expect.any(String) });
    expect(Date.parse(lock.startedAt)).toBeGreaterThan(Date.now() - 60_000);
    await expect(resumeRun(first.directory.path, linearComponents())).rejects.toMatchObject({
      code: 'RUN_LOCKED',
      message: `${first.directory.path} is in use by pid ${process.pid} on host ${hostname()} (since ${lock.startedAt}): another process is training or resuming this run. Wait for it to end or stop it; if that process is not ranker (its pid was reused) or the host is gone, delete ${join(first.directory.path, LOCK_FILE)}`,
    });
    await first.run();
    expect(await readdir(first.directory.path)).not.toContain(LOCK_FILE);
    // Completed and unlocked: a resume opens it again.
    expect(await (await resumeRun(first.directory.path, linearComponents())).run()).toMatchObject({
      status: 'completed',
    });
  });

  it('lets exactly one of two simultaneous resumes through', async () => {
    const dir = await stoppedRun();
    const results = await Promise.allSettled([
      resumeRun(dir, linearComponents()),
      resumeRun(dir, linearComponents()),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'RUN_LOCKED' });
  });

  it('refuses a lock held by another live process on this host', async () => {
    const dir = await stoppedRun();
    const other = liveProcess();
    await writeLock(dir, other.pid!);
    await expect(resumeRun(dir, linearComponents())).rejects.toMatchObject({
      code: 'RUN_LOCKED',
      message: expect.stringContaining(`is in use by pid ${other.pid} on host ${hostname()}`),
    });
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(other.pid);
  });

  it('refuses a lock from another host, whose process it cannot check', async () => {
    const dir = await stoppedRun();
    await writeLock(dir, deadPid(), 'elsewhere.example');
    await expect(resumeRun(dir, linearComponents())).rejects.toMatchObject({
      code: 'RUN_LOCKED',
      message: expect.stringContaining('on host elsewhere.example'),
    });
  });

  it('takes over the stale lock of a dead process on this host, saying so', async () => {
    const dir = await stoppedRun();
    const pid = deadPid();
    await writeLock(dir, pid);
    const trainer = await resumeRun(dir, linearComponents());
    expect(trainer.notices).toContainEqual({
      kind: 'lock-taken-over',
      message: `took over the lock of ${dir} from pid ${pid} on host ${hostname()} (since 2026-12-01T10:00:00.000Z), which is no longer running`,
    });
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await trainer.run();
    expect(await readdir(dir)).not.toContain(LOCK_FILE);
  });

  it('releases the lock on every way out of run(): interrupted, failed, failing at the start', async () => {
    const interrupted = await startRun(
      smallConfig(await tempDir(), 'r1', 2, []),
      linearComponents(),
    );
    interrupted.on('batchEnd', () => interrupted.requestStop());
    expect(await interrupted.run()).toMatchObject({ status: 'interrupted' });
    expect(await readdir(interrupted.directory.path)).not.toContain(LOCK_FILE);

    const failed = await startRun(smallConfig(await tempDir(), 'r1', 2, []), linearComponents());
    failed.on('batchEnd', () => {
      throw new Error('display broke');
    });
    await expect(failed.run()).rejects.toMatchObject({ code: 'LISTENER_FAILED' });
    expect(await readdir(failed.directory.path)).not.toContain(LOCK_FILE);

    const parts = linearComponents();
    const huge = await startRun(smallConfig(await tempDir(), 'r1', 2, []), parts);
    Object.defineProperty(parts.models[0], 'parameterCount', { value: 1e16 });
    await expect(huge.run()).rejects.toMatchObject({ code: 'INSUFFICIENT_SPACE' });
    expect(await readdir(huge.directory.path)).not.toContain(LOCK_FILE);
    expect(await readState(huge.directory.path)).toMatchObject({ status: 'failed' });
  });

  it('runs whileLocked with the run’s status before releasing the lock, on every way out', async () => {
    const seen: { status: string; locked: boolean }[] = [];
    const whileLocked = (dir: string) => async (status: string) => {
      // A second writer is still refused here: the lock is held.
      const other = await resumeRun(dir, linearComponents()).then(
        () => 'opened',
        (error: { code: string }) => error.code,
      );
      seen.push({ status, locked: other === 'RUN_LOCKED' });
    };
    const done = await startRun(smallConfig(await tempDir(), 'r1', 1, []), linearComponents());
    expect(await done.run(whileLocked(done.directory.path))).toMatchObject({
      status: 'completed',
    });
    expect(await readdir(done.directory.path)).not.toContain(LOCK_FILE);

    const failed = await startRun(smallConfig(await tempDir(), 'r1', 2, []), linearComponents());
    failed.on('batchEnd', () => {
      throw new Error('display broke');
    });
    // The run's own failure is reported, not the hook's.
    await expect(
      failed.run(async (status) => {
        await whileLocked(failed.directory.path)(status);
        throw new Error('report broke');
      }),
    ).rejects.toMatchObject({ code: 'LISTENER_FAILED' });
    expect(await readdir(failed.directory.path)).not.toContain(LOCK_FILE);
    expect(seen).toEqual([
      { status: 'completed', locked: true },
      { status: 'failed', locked: true },
    ]);
  });
});
