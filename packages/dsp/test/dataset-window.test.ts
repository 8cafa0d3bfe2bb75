import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Every positional read of the loader goes through fs.readSync: count its bytes.
const counter = vi.hoisted(() => ({ bytes: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readSync = ((...args: Parameters<typeof fs.readSync>) => {
    const n = fs.readSync(...args);
    counter.bytes += n;
    return n;
  }) as typeof fs.readSync;
  return { ...fs, default: { ...fs, readSync }, readSync };
});

const { computeSpectrogram, decodeWav, encodeWav, loadDataset } = await import('../src/index.js');

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ranker-dsp-window-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadDataset reads only the analysis window of a long file', () => {
  it('10-minute files: a few kB read each, the same spectrogram as from the whole file', async () => {
    const rateHz = 8000;
    const length = 600 * rateHz; // 10 minutes, 9.6 MB as 16-bit PCM
    const dir = join(root, 'long/plastic/3000hz');
    const files: string[] = [];
    // 16-bit PCM written directly (encodeWav's generic path is slow for 4.8 M samples); both
    // classes get the same file, which keeps the test near a second.
    const pcm = Int16Array.from({ length }, (_, n) =>
      Math.round(9000 * Math.sin((2 * Math.PI * 2500 * n) / rateHz) * (1 + Math.sin(n / 5e4))),
    );
    const header = encodeWav(new Float32Array(0), rateHz, '16');
    const bytes = new Uint8Array(header.length + pcm.byteLength);
    bytes.set(header);
    bytes.set(new Uint8Array(pcm.buffer), header.length);
    const view = new DataView(bytes.buffer);
    view.setUint32(4, bytes.length - 8, true); // RIFF size
    view.setUint32(header.length - 4, pcm.byteLength, true); // data chunk size
    for (const angle of ['deg000', 'deg090']) {
      const path = join(dir, angle, 'take.wav');
      await mkdir(join(path, '..'), { recursive: true });
      await writeFile(path, bytes);
      files.push(path);
    }
    counter.bytes = 0;
    const startS = 300;
    const dataset = await loadDataset({ source: join(root, 'long'), startS });
    // Window: frames 75000 … 75063 (300 s · 8000 / 32) plus 9 frames of margin on each side and
    // nFft: (63 + 18)·32 + 256 = 2848 samples = 5696 bytes; plus the headers (RIFF 12, fmt 8 + 16,
    // data 8 bytes), read twice (list, then read the window): 5784 bytes of each 9.6 MB file.
    expect(counter.bytes).toBe(files.length * (5696 + 2 * 44));
    const whole = decodeWav(await readFile(files[0]), files[0]);
    const expected = computeSpectrogram(whole.samples, rateHz, {
      nFft: 256,
      hop: 32,
      band: { centerHz: 3000, halfWidthHz: 1500 },
      size: [64, 64],
      startS,
      normalize: 'per-spectrogram',
    });
    for (const sample of dataset.samples) {
      expect(sample.spectrogram.data).toEqual(expected.data);
      expect(sample.spectrogram.timesS).toEqual(expected.timesS);
    }
    expect(expected.timesS[0]).toBe(300);
    expect(dataset.description).toContain('window from 300 s');
  });
});
