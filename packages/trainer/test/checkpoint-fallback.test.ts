import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resumeRun, startRun, type TrainerNotice } from '../src/index.js';
import { linearComponents } from './support/linear-ranker.js';
import { listCheckpoints, readLines, smallConfig } from './support/run-helpers.js';
import { useTempDirs } from './support/temp-dir.js';

/** Metrics lines without wall-clock fields, which no two runs share. */
async function withoutTimings(runDir: string): Promise<unknown[]> {
  return (await readLines(runDir)).map((r) =>
    r.type === 'epoch' ? { ...r, trainMs: 0, validationMs: 0, probeMs: 0 } : r,
  );
}

/** Changes the first weight's last digit: the JSON stays valid, only the checksum tells. */
async function damageWeights(checkpoint: string): Promise<void> {
  const file = join(checkpoint, 'weights.json');
  const text = await readFile(file, 'utf8');
  const at = text.indexOf(',') - 1;
  await writeFile(
    file,
    text.slice(0, at) + String((Number(text[at]) + 1) % 10) + text.slice(at + 1),
  );
}

describe('checkpoint fallback (issue 17, item 1)', () => {
  const tempDir = useTempDirs();

  it('a damaged newest checkpoint falls back to the previous one, redoes the epoch, ends bit-identical', async () => {
    const outDir = await tempDir();
    const wholeParts = linearComponents();
    await (await startRun(smallConfig(outDir, 'whole', 4, [3]), wholeParts)).run();

    const cut = await startRun(smallConfig(outDir, 'cut', 4, [3]), linearComponents());
    cut.on('epochEnd', (e) => e.epoch === 3 && cut.requestStop());
    expect(await cut.run()).toMatchObject({ status: 'interrupted', epochsCompleted: 3 });
    expect(await listCheckpoints(cut.directory.path)).toEqual(['epoch-002', 'epoch-003']);
    await damageWeights(join(cut.directory.path, 'checkpoints/epoch-003'));

    const parts = linearComponents();
    const resumed = await resumeRun(cut.directory.path, parts);
    const expected: TrainerNotice = {
      kind: 'checkpoint-fallback',
      message: `checkpoint ${join(cut.directory.path, 'checkpoints/epoch-003')} cannot be loaded (${join(cut.directory.path, 'checkpoints/epoch-003/weights.json')}: SHA-256 differs from weights.sha256); falling back to the previous checkpoint ${join(cut.directory.path, 'checkpoints/epoch-002')}: epoch 3 will be trained again`,
    };
    expect(resumed.notices).toEqual([expected]);
    const shown: TrainerNotice[] = [];
    const epochs: number[] = [];
    resumed.on('notice', (n) => shown.push(n));
    resumed.on('epochEnd', (e) => epochs.push(e.epoch));
    expect(await resumed.run()).toMatchObject({ status: 'completed', epochsCompleted: 4 });
    expect(shown).toEqual([expected]);
    expect(epochs).toEqual([3, 4]);
    expect(await withoutTimings(cut.directory.path)).toEqual(
      await withoutTimings(join(outDir, 'whole')),
    );
    // The weights the resumed model ends with are those of the uninterrupted run, bit for bit.
    expect(parts.models.at(-1)!.weights).toEqual(wholeParts.models[0].weights);
    expect(await listCheckpoints(cut.directory.path)).toEqual(['epoch-003', 'epoch-004']);
  });

  it('a damaged first checkpoint falls back to the start of the run', async () => {
    const outDir = await tempDir();
    const wholeParts = linearComponents();
    await (await startRun(smallConfig(outDir, 'whole', 2, []), wholeParts)).run();
    const cut = await startRun(smallConfig(outDir, 'cut', 2, []), linearComponents());
    cut.on('epochEnd', () => cut.requestStop());
    await cut.run();
    await damageWeights(join(cut.directory.path, 'checkpoints/epoch-001'));
    const parts = linearComponents();
    const resumed = await resumeRun(cut.directory.path, parts);
    expect(resumed.notices).toEqual([
      {
        kind: 'checkpoint-fallback',
        message: expect.stringMatching(
          /epoch-001 cannot be loaded .*; falling back to the start of the run \(epoch 0\): epoch 1 will be trained again$/,
        ),
      },
    ]);
    await resumed.run();
    expect(await withoutTimings(cut.directory.path)).toEqual(
      await withoutTimings(join(outDir, 'whole')),
    );
    expect(parts.models.at(-1)!.weights).toEqual(wholeParts.models[0].weights);
    // The model that failed to load was disposed and a fresh one built.
    expect(parts.models.map((m) => m.disposed)).toEqual([true, true]);
  });
});
