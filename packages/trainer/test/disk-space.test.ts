import { execFileSync } from 'node:child_process';
import { readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freeBytes, SPACE_MARGIN_BYTES } from '../src/disk-space.js';
import { resumeRun, startRun } from '../src/index.js';
import { linearComponents } from './support/linear-ranker.js';
import { deadPid, writeLock } from './support/processes.js';
import { listCheckpoints, readState, smallConfig } from './support/run-helpers.js';
import { useTempDirs } from './support/temp-dir.js';

describe('full disks and failed writes (issue 17, item 4)', () => {
  const tempDir = useTempDirs();

  it('measures free space as df does', async () => {
    const dir = await tempDir();
    const df = Number(
      execFileSync('df', ['-B1', '--output=avail', dir], { encoding: 'utf8' }).split('\n')[1],
    );
    // Other processes write meanwhile: agree within 64 MiB.
    expect(Math.abs((await freeBytes(dir)) - df)).toBeLessThan(64 * 2 ** 20);
  });

  it('refuses to train when the checkpoints cannot fit, naming path, need and free bytes', async () => {
    const parts = linearComponents();
    const trainer = await startRun(smallConfig(await tempDir(), 'r1', 2, []), parts);
    // 10¹⁵ parameters: 3 checkpoints of 12 PB each fit on no disk.
    Object.defineProperty(parts.models[0], 'parameterCount', { value: 1e15 });
    const need = 3 * (12e15 + 2 ** 20) + SPACE_MARGIN_BYTES;
    const error = await trainer.run().catch((e) => e);
    expect(error).toMatchObject({
      code: 'INSUFFICIENT_SPACE',
      message: expect.stringMatching(
        new RegExp(
          `^${trainer.directory.path} needs \\d+\\.\\d MiB \\(${need} bytes\\) free \\(3 checkpoints of \\d+\\.\\d MiB — 2 kept plus the one being saved — and a 64\\.0 MiB margin\\) but its file system has \\d+\\.\\d MiB \\((\\d+) bytes\\) free`,
        ),
      ),
    });
    expect(parts.models[0].steps).toBe(0);
    expect(await readState(trainer.directory.path)).toMatchObject({
      status: 'failed',
      lastCompletedEpoch: 0,
      error: error.message,
    });
  });

  it('a write that fails mid-run names the file and the operation; state.json says failed', async () => {
    const trainer = await startRun(smallConfig(await tempDir(), 'r1', 2, []), linearComponents());
    const metrics = join(trainer.directory.path, 'metrics.jsonl');
    await symlink('/dev/full', metrics); // every write: ENOSPC, as on a full disk
    const message = `cannot append to ${metrics} (ENOSPC: no space left on device, write)`;
    await expect(trainer.run()).rejects.toMatchObject({ code: 'RUN_IO_FAILED', message });
    expect(await readState(trainer.directory.path)).toMatchObject({
      status: 'failed',
      error: message,
    });
  });

  it('a checkpoint save that fails leaves no partial folder and names it', async () => {
    const parts = linearComponents();
    const trainer = await startRun(smallConfig(await tempDir(), 'r1', 2, []), parts);
    const model = parts.models[0];
    const save = model.save.bind(model);
    model.save = async (dir) => {
      await save(dir); // half written, then the disk fills up
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    };
    const partial = join(trainer.directory.path, 'checkpoints/epoch-001.partial');
    await expect(trainer.run()).rejects.toMatchObject({
      code: 'RUN_IO_FAILED',
      message: `cannot save checkpoint ${partial} (ENOSPC: no space left on device, write)`,
    });
    expect(await listCheckpoints(trainer.directory.path)).toEqual([]);
    expect(await readState(trainer.directory.path)).toMatchObject({ status: 'failed' });
  });

  it('the next start recognises a dead running state and removes temporary files', async () => {
    const cut = await startRun(smallConfig(await tempDir(), 'r1', 2, []), linearComponents());
    cut.on('epochEnd', () => cut.requestStop());
    await cut.run();
    const dir = cut.directory.path;
    // What a process killed while writing state.json leaves.
    const pid = deadPid();
    await writeFile(
      join(dir, 'state.json'),
      JSON.stringify({
        status: 'running',
        lastCompletedEpoch: 1,
        updatedAt: '2026-12-01T10:00:00Z',
      }),
    );
    await writeFile(join(dir, `state.json.${pid}.7.tmp`), '');
    await writeLock(dir, pid);
    const trainer = await resumeRun(dir, linearComponents());
    expect(trainer.notices).toEqual([
      { kind: 'lock-taken-over', message: expect.stringContaining(`from pid ${pid} on host`) },
      {
        kind: 'leftovers-removed',
        message: `removed what an earlier process left in ${dir}: state.json.${pid}.7.tmp`,
      },
      {
        kind: 'dead-run',
        message: `${join(dir, 'state.json')} says 'running' (updated 2026-12-01T10:00:00Z) but no process holds the run: it ended without recording why (killed, crashed, or a failed write); resuming after epoch 1`,
      },
    ]);
    expect((await readdir(dir)).filter((e) => e.endsWith('.tmp'))).toEqual([]);
    expect(await trainer.run()).toMatchObject({ status: 'completed' });
  });
});
