import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resumeRun, startRun, type TrainerEventName } from '../src/index.js';
import { linearComponents } from './support/linear-ranker.js';
import { deadPid, writeLock } from './support/processes.js';
import { readState, smallConfig } from './support/run-helpers.js';
import { useTempDirs } from './support/temp-dir.js';

describe('reopening runs in every state', () => {
  const tempDir = useTempDirs();

  it('resumes a completed run to a Trainer that completes at once, building nothing (item 3)', async () => {
    const first = await startRun(smallConfig(await tempDir(), 'r1', 2, [1]), linearComponents());
    await first.run();
    const dir = first.directory.path;
    await mkdir(join(dir, 'probes'));
    await writeFile(join(dir, 'probes/epoch-001.json'), '{}');
    // What a report renderer killed mid-write leaves (@ranker/report's staging folders).
    await mkdir(join(dir, '.report.tmp-Qw12Er', 'figures'), { recursive: true });
    await mkdir(join(dir, '.report.tmp-Ty34Ui-previous'));
    const stateBefore = await readState(dir);

    const parts = linearComponents();
    let dataLoads = 0;
    const loadData = parts.loadData;
    parts.loadData = (config) => {
      dataLoads++;
      return loadData(config);
    };
    const trainer = await resumeRun(dir, parts);
    const events: string[] = [];
    for (const name of ['notice', 'batchEnd', 'epochEnd', 'runEnd'] as TrainerEventName[]) {
      trainer.on(name, () => events.push(name));
    }
    expect(await trainer.run()).toEqual({
      status: 'completed',
      epochsCompleted: 2,
      runDir: dir,
      lastEpoch: null,
    });
    expect(events).toEqual(['notice', 'runEnd']);
    expect(trainer.notices).toEqual([
      {
        kind: 'leftovers-removed',
        message: `removed what an earlier process left in ${dir}: .report.tmp-Qw12Er, .report.tmp-Ty34Ui-previous`,
      },
    ]);
    expect(parts.models).toHaveLength(0);
    expect(dataLoads).toBe(0);
    expect((await readdir(dir)).filter((e) => e.startsWith('.'))).toEqual([]);
    expect(await readState(dir)).toMatchObject({
      status: 'completed',
      lastCompletedEpoch: stateBefore.lastCompletedEpoch,
    });
  });

  it('treats a folder killed before config.json as never started (item 6)', async () => {
    const outDir = await tempDir();
    const dir = join(outDir, 'r1');
    // What a start killed in its first moments leaves: its lock and a torn config write.
    await mkdir(dir);
    await writeLock(dir, deadPid());
    await writeFile(join(dir, `config.json.${deadPid()}.0.tmp`), '{"runId": "r1", "da');
    await expect(resumeRun(dir, linearComponents())).rejects.toMatchObject({
      code: 'RUN_NOT_STARTED',
      message: `${dir} holds no config.json: the run was never started (stopped in its first seconds), so there is nothing to resume. Start it as a new run with the same output folder and runId (${dir}); the folder is reused`,
    });
    const trainer = await startRun(smallConfig(outDir, 'r1', 1, []), linearComponents());
    expect(trainer.notices.map((n) => n.kind)).toEqual(['lock-taken-over', 'leftovers-removed']);
    expect(await trainer.run()).toMatchObject({ status: 'completed', epochsCompleted: 1 });
    expect((await readdir(dir)).sort()).toEqual([
      'checkpoints',
      'config.json',
      'metrics.jsonl',
      'state.json',
    ]);
  });

  it('resumes from epoch 1 when the start was killed between config.json and state.json', async () => {
    const first = await startRun(smallConfig(await tempDir(), 'r1', 1, []), linearComponents());
    const dir = first.directory.path;
    await rm(join(dir, 'state.json'));
    await writeLock(dir, deadPid()); // as the killed process would have left it
    const trainer = await resumeRun(dir, linearComponents());
    expect(trainer.notices.map((n) => n.kind)).toEqual(['lock-taken-over', 'dead-run']);
    expect(await trainer.run()).toMatchObject({ status: 'completed', epochsCompleted: 1 });
  });
});
