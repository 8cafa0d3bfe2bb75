import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { generateSyntheticRecordings, type SyntheticOptions } from './synthetic.js';
import { encodeWav, type WavBitDepth } from './wav.js';

export interface WriteSyntheticOptions extends SyntheticOptions {
  /** Sample format of the files. Default '32f', which stores the generated samples bit-exactly. */
  bitDepth?: WavBitDepth;
}

/**
 * Writes the synthetic recordings as mono WAV files in the folder layout
 * `<dir>/<material>/<freq>hz/deg<angle>/<nnn>.wav`, so `loadDataset({ source: dir })` reads them
 * with the real loader. Existing files of the same name are overwritten.
 */
export async function writeSyntheticDataset(
  dir: string,
  options: WriteSyntheticOptions = {},
): Promise<{ files: string[]; sampleRateHz: number }> {
  const { recordings, sampleRateHz } = generateSyntheticRecordings(options);
  const files: string[] = [];
  for (const recording of recordings) {
    const path = join(dir, ...recording.id.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, encodeWav(recording.samples, sampleRateHz, options.bitDepth ?? '32f'));
    files.push(path);
  }
  return { files, sampleRateHz };
}
