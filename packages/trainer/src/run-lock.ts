import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { TrainerError } from './errors.js';

/** `run.lock` in the run directory: who writes to it now. */
export const LOCK_FILE = 'run.lock';

/** The content of `run.lock`. */
export interface RunLockHolder {
  pid: number;
  host: string;
  /** ISO time the holder took the lock. */
  startedAt: string;
}

/** Whether `pid` is a live process on this host: signal 0 checks without sending (kill(2)). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function describeHolder(holder: RunLockHolder): string {
  return `pid ${holder.pid} on host ${holder.host} (since ${holder.startedAt})`;
}

async function readHolder(file: string): Promise<RunLockHolder | null> {
  try {
    const holder = JSON.parse(await readFile(file, 'utf8')) as RunLockHolder;
    return Number.isInteger(holder?.pid) && typeof holder.host === 'string' ? holder : null;
  } catch {
    return null; // missing, or torn by a crash between create and write
  }
}

/**
 * The single-writer lock of one run directory: `run.lock` created with `wx` (O_CREAT | O_EXCL,
 * atomic on local file systems), holding `{ pid, host, startedAt }`. A lock whose process is
 * gone (same host, `kill(pid, 0)` → ESRCH) is stale and taken over; any other is refused.
 */
export class RunLock {
  private released = false;

  private constructor(
    private readonly file: string,
    readonly holder: RunLockHolder,
  ) {}

  /**
   * Takes the lock of `runPath`. Resolves with the lock and, when a stale lock was taken over,
   * its former holder; rejects with `RUN_LOCKED` naming the live holder.
   */
  static async acquire(runPath: string): Promise<{ lock: RunLock; stale: RunLockHolder | null }> {
    const file = join(runPath, LOCK_FILE);
    const holder: RunLockHolder = {
      pid: process.pid,
      host: hostname(),
      startedAt: new Date().toISOString(),
    };
    let stale: RunLockHolder | null = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(file, `${JSON.stringify(holder)}\n`, { flag: 'wx' });
        return { lock: new RunLock(file, holder), stale };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new TrainerError(
            'RUN_IO_FAILED',
            `cannot create ${file} (${(error as Error).message})`,
            { cause: error },
          );
        }
      }
      const current = await readHolder(file);
      if (current === null || current.host !== holder.host || isAlive(current.pid)) {
        throw new TrainerError(
          'RUN_LOCKED',
          current === null
            ? `${runPath} is locked: ${file} exists but is unreadable (a process is taking the lock right now, or one died while taking it); if no ranker process uses this run, delete ${file}`
            : `${runPath} is in use by ${describeHolder(current)}: another process is training or resuming this run. Wait for it to end or stop it; if that process is not ranker (its pid was reused) or the host is gone, delete ${file}`,
        );
      }
      // Move the stale lock aside and check that it is still the one judged stale: a
      // concurrent taker may have replaced it between the read and the rename.
      const aside = `${file}.stale-${process.pid}`;
      await rename(file, aside).catch(() => undefined);
      const moved = await readHolder(aside);
      if (moved && (moved.pid !== current.pid || moved.startedAt !== current.startedAt)) {
        await rename(aside, file).catch(() => undefined);
        throw new TrainerError(
          'RUN_LOCKED',
          `${runPath} is in use by ${describeHolder(moved)}, which took it over at the same moment`,
        );
      }
      await rm(aside, { force: true });
      stale = current;
    }
    throw new TrainerError(
      'RUN_LOCKED',
      `${runPath}: could not take ${file} after removing a stale lock`,
    );
  }

  /** Deletes `run.lock` if it is still this process's; safe to call more than once. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const current = await readHolder(this.file);
    if (current?.pid === this.holder.pid && current.startedAt === this.holder.startedAt) {
      await rm(this.file, { force: true });
    }
  }
}

/** The line a consumer shows when a stale lock was taken over. */
export function staleLockMessage(runPath: string, stale: RunLockHolder): string {
  return `took over the lock of ${runPath} from ${describeHolder(stale)}, which is no longer running`;
}
