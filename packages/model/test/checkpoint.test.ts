import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend.js';
import { loadTensors, MANIFEST_FILE, saveTensors, WEIGHTS_FILE } from '../src/checkpoint.js';

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
    const tensor = tf.tensor(values, [10, 100]);
    await saveTensors(dir, { w: tensor }, { step: 7 });
    tensor.dispose();
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
