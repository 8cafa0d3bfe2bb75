import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend.js';
import {
  loadTensors,
  MANIFEST_FILE,
  packTensors,
  saveCheckpoint,
  WEIGHTS_FILE,
} from '../src/checkpoint.js';

describe('checkpoint files', () => {
  let workDir: string;
  beforeAll(async () => {
    await selectBackend('cpu', () => {});
    workDir = await mkdtemp(join(tmpdir(), 'ranker-checkpoint-'));
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  /** 1000 float32 values in [-1, 1): a few KB of weights. */
  async function saved(name: string): Promise<{ dir: string; values: Float32Array }> {
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i * 0.37));
    const dir = join(workDir, name);
    await saveCheckpoint(dir, packTensors([{ name: 'w', shape: [10, 100], values }]), { step: 7 });
    return { dir, values };
  }

  it('records the SHA-256 of weights.bin that sha256sum computes, and loads bit-exactly', async () => {
    const { dir, values } = await saved('intact');
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
    const reference = execFileSync('sha256sum', [join(dir, WEIGHTS_FILE)], { encoding: 'utf8' });
    expect(manifest.checksums).toEqual({ [WEIGHTS_FILE]: { sha256: reference.split(' ')[0] } });
    const { tensors, metadata } = await loadTensors(dir);
    expect(metadata).toEqual({ step: 7 });
    expect(tensors.w.dataSync()).toEqual(values);
    tf.dispose(Object.values(tensors));
  });

  it('packs tensors in order, copied: changing the source afterwards changes nothing saved', async () => {
    const a = Float32Array.of(1, -0, 3.5e-38, Number.NaN, 2 ** 100, -1);
    const b = Float32Array.from({ length: 12 }, (_, i) => Math.fround(i / 7));
    const packed = packTensors([
      { name: 'a', shape: [2, 3], values: a },
      { name: 'b', shape: [12], values: b },
    ]);
    const bBefore = b.slice();
    a.fill(9);
    b.fill(9);
    expect(packed.specs).toEqual([
      { name: 'a', shape: [2, 3], dtype: 'float32' },
      { name: 'b', shape: [12], dtype: 'float32' },
    ]);
    const dir = join(workDir, 'packed');
    await saveCheckpoint(dir, packed, {});
    const { tensors } = await loadTensors(dir);
    // Bit patterns, so that -0 and NaN count.
    const bits = (t: tf.Tensor) => [
      ...new Uint32Array((t.dataSync() as Float32Array).slice().buffer),
    ];
    expect(bits(tensors.a)).toEqual([
      ...new Uint32Array(Float32Array.of(1, -0, 3.5e-38, Number.NaN, 2 ** 100, -1).buffer),
    ]);
    expect(bits(tensors.b)).toEqual([...new Uint32Array(bBefore.buffer)]);
    tf.dispose(Object.values(tensors));
    // Only the two files: the temporary ones were renamed into place.
    expect((await readdir(dir)).sort()).toEqual([MANIFEST_FILE, WEIGHTS_FILE]);
  });

  it("a save that cannot write rejects with Node's error code and leaves no temporary file", async () => {
    const values = Float32Array.of(1, 2, 3);
    const blocked = join(workDir, 'blocked');
    // A folder where weights.bin should go: the rename of the written temporary file fails.
    await mkdir(join(blocked, WEIGHTS_FILE, 'inside'), { recursive: true });
    await expect(
      saveCheckpoint(blocked, packTensors([{ name: 'w', shape: [3], values }]), {}),
    ).rejects.toMatchObject({ code: 'EISDIR', message: expect.stringContaining('rename') });
    expect(await readdir(blocked)).toEqual([WEIGHTS_FILE]);
    // Under a file: the folder cannot be created.
    const file = join(workDir, 'a-file');
    await writeFile(file, 'x');
    await expect(
      saveCheckpoint(join(file, 'ckpt'), packTensors([{ name: 'w', shape: [3], values }]), {}),
    ).rejects.toMatchObject({ code: 'ENOTDIR', message: expect.stringContaining(file) });
  });

  it('refuses weights with 10 flipped exponent bits, naming the file (issue 17, item 1)', async () => {
    const { dir } = await saved('flipped');
    const file = join(dir, WEIGHTS_FILE);
    const bytes = await readFile(file);
    // The lowest exponent bit of a little-endian float32 is bit 7 of its byte 2: ×2 or ×½.
    for (let k = 0; k < 10; k++) bytes[k * 97 * 4 + 2] ^= 0x80;
    await writeFile(file, bytes);
    const before = tf.memory().numTensors;
    await expect(loadTensors(dir)).rejects.toMatchObject({
      code: 'CHECKPOINT_CORRUPT',
      message: expect.stringMatching(
        new RegExp(
          `^${file.replaceAll('.', '\\.')}: SHA-256 [0-9a-f]{64} differs from [0-9a-f]{64} recorded in model\\.json`,
        ),
      ),
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a manifest without a checksum (written before checksums, or edited)', async () => {
    const { dir } = await saved('unchecked');
    const manifestPath = join(dir, MANIFEST_FILE);
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    delete manifest.checksums;
    await writeFile(manifestPath, JSON.stringify(manifest));
    await expect(loadTensors(dir)).rejects.toMatchObject({
      code: 'CHECKPOINT_INVALID',
      message: expect.stringContaining(`no SHA-256 checksum recorded for ${WEIGHTS_FILE}`),
    });
  });

  it('names a missing weights file', async () => {
    const { dir } = await saved('missing');
    await rm(join(dir, WEIGHTS_FILE));
    await expect(loadTensors(dir)).rejects.toMatchObject({
      code: 'CHECKPOINT_INVALID',
      message: expect.stringContaining(
        `${join(dir, WEIGHTS_FILE)}: cannot read checkpoint weights (ENOENT`,
      ),
    });
  });
});
