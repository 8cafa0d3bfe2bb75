import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DspError } from './errors.js';
import { compareRecordings, type RecordingRef, type RecordingSelection } from './recording.js';

const LAYOUT = '<root>/<material>/<freq>hz/deg<angle>/*.wav';
const ANGLE_FOLDER = /^deg(\d+(?:\.\d+)?)$/;

/**
 * Lists the recordings of one material and frequency in a folder laid out as
 * `<root>/<material>/<freq>hz/deg<angle>/*.wav` (the seed's SpectrogramDatasetWithMaterial).
 * Hidden entries and non-WAV files are ignored; any other folder beside the `deg<angle>`
 * folders is an error, since it would silently drop recordings.
 */
export async function scanRecordingFolder(
  root: string,
  { material, frequencyHz }: RecordingSelection,
): Promise<RecordingRef[]> {
  const materials = await listEntries(
    root,
    'NOT_FOUND',
    `dataset source ${root} is not a readable folder; expected 'synthetic', a .csv manifest or ${LAYOUT}`,
  );
  if (materials.length === 0) {
    throw new DspError('EMPTY_DATASET', `dataset folder ${root} is empty; expected ${LAYOUT}`);
  }
  const materialDir = join(root, material);
  const frequencies = await listEntries(
    materialDir,
    'NO_RECORDINGS',
    `no recordings for material '${material}': expected folder ${materialDir}; found ${names(materials)}`,
  );
  const frequencyFolder = `${frequencyHz}hz`;
  const frequencyDir = join(materialDir, frequencyFolder);
  const angleEntries = await listEntries(
    frequencyDir,
    'NO_RECORDINGS',
    `no recordings at ${frequencyHz} Hz for '${material}': expected folder ${frequencyDir}; found ${names(frequencies)}`,
  );
  const recordings: RecordingRef[] = [];
  for (const entry of angleEntries) {
    if (!entry.isDirectory()) continue;
    const match = ANGLE_FOLDER.exec(entry.name);
    if (!match) {
      throw new DspError(
        'BAD_FOLDER_NAME',
        `${join(frequencyDir, entry.name)}: expected a folder named deg<number> (e.g. deg036), as in ${LAYOUT}`,
      );
    }
    const angleDeg = Number(match[1]);
    const angleDir = join(frequencyDir, entry.name);
    const files = await listEntries(angleDir, 'NOT_FOUND', `cannot list ${angleDir}`);
    for (const file of files) {
      if (!file.isFile() || !file.name.toLowerCase().endsWith('.wav')) continue;
      recordings.push({
        id: [material, frequencyFolder, entry.name, file.name].join('/'),
        path: join(angleDir, file.name),
        material,
        frequencyHz,
        angleDeg,
      });
    }
  }
  if (recordings.length === 0) {
    throw new DspError(
      'EMPTY_DATASET',
      `no .wav files under ${frequencyDir}; expected ${frequencyDir}/deg<angle>/*.wav`,
    );
  }
  return recordings.sort(compareRecordings);
}

async function listEntries(
  dir: string,
  code: 'NOT_FOUND' | 'NO_RECORDINGS',
  message: string,
): Promise<Dirent[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => !e.name.startsWith('.'))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  } catch (error) {
    throw new DspError(code, message, { cause: error });
  }
}

function names(entries: Dirent[]): string {
  const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  return folders.length > 0 ? folders.join(', ') : 'no folders';
}
