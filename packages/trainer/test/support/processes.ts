import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { LOCK_FILE } from '../../src/index.js';

/** The pid of a process that has exited (and been reaped): `kill(pid, 0)` gives ESRCH. */
export function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  if (pid === undefined) throw new Error('could not start a child process');
  return pid;
}

/** A live child process (sleeping), killed after each test. */
export function useLiveProcesses(): () => ChildProcess {
  const started: ChildProcess[] = [];
  afterEach(() => {
    for (const child of started.splice(0)) child.kill();
  });
  return () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    started.push(child);
    return child;
  };
}

/** Writes a run.lock as another process would have. */
export async function writeLock(
  runDir: string,
  pid: number,
  host = hostname(),
  startedAt = '2026-12-01T10:00:00.000Z',
): Promise<void> {
  await writeFile(join(runDir, LOCK_FILE), `${JSON.stringify({ pid, host, startedAt })}\n`);
}
