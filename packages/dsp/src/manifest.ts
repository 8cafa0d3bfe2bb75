import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  DspError,
  fileSystemProblem,
  problem,
  type RecordingProblem,
  throwProblems,
} from './errors.js';
import { compareRecordings, type RecordingRef, type RecordingSelection } from './recording.js';

const COLUMNS = ['path', 'material', 'freq', 'angle'] as const;

/**
 * Reads a CSV manifest with the header `path,material,freq,angle` (any column order) and keeps
 * the rows of one material and frequency. `path` is relative to the manifest's folder (or
 * absolute); `freq` is in Hz (a trailing 'hz' is accepted); `angle` in degrees. Fields are
 * split on commas without quoting, so paths must not contain commas.
 */
export async function readManifest(
  csvPath: string,
  { material, frequencyHz }: RecordingSelection,
): Promise<RecordingRef[]> {
  let text: string;
  try {
    text = await readFile(csvPath, 'utf8');
  } catch (error) {
    const { code, message } = fileSystemProblem(csvPath, error, 'read the manifest');
    throw new DspError(code, message, { cause: error });
  }
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(',').map((h) => h.trim().toLowerCase());
  const column = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof COLUMNS)[number],
    number
  >;
  const missing = COLUMNS.filter((c) => column[c] < 0);
  if (missing.length > 0) {
    throw new DspError(
      'BAD_MANIFEST',
      `${csvPath}: header must name the columns path,material,freq,angle; missing ${missing.join(', ')}`,
    );
  }
  const base = dirname(csvPath);
  const all: RecordingRef[] = [];
  const problems: RecordingProblem[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const fields = lines[i].split(',').map((f) => f.trim());
    const where = `${csvPath} line ${i + 1}`;
    if (fields.length !== header.length) {
      problems.push(
        problem(
          where,
          'BAD_MANIFEST',
          `expected ${header.length} comma-separated fields, found ${fields.length}`,
        ),
      );
      continue;
    }
    const path = fields[column.path];
    const frequencyHz = parseNumber(fields[column.freq].replace(/hz$/i, ''), where, 'freq');
    const angleDeg = parseNumber(fields[column.angle], where, 'angle');
    for (const bad of [frequencyHz, angleDeg]) if (typeof bad !== 'number') problems.push(bad);
    if (typeof frequencyHz !== 'number' || typeof angleDeg !== 'number') continue;
    all.push({
      id: path.replaceAll('\\', '/'),
      path: resolve(base, path),
      material: fields[column.material],
      frequencyHz,
      angleDeg,
    });
  }
  throwProblems(problems, `manifest ${csvPath}`, 'BAD_MANIFEST');
  if (all.length === 0) {
    throw new DspError('EMPTY_DATASET', `${csvPath}: the manifest lists no recordings`);
  }
  const selected = all.filter((r) => r.material === material && r.frequencyHz === frequencyHz);
  if (selected.length === 0) {
    const available = [...new Set(all.map((r) => `${r.material} ${r.frequencyHz} Hz`))];
    throw new DspError(
      'NO_RECORDINGS',
      `${csvPath}: no recordings for '${material}' at ${frequencyHz} Hz; the manifest has ${available.join(', ')}`,
    );
  }
  return selected.sort(compareRecordings);
}

/** The number in a field, or the problem with it (collected, so every bad row is listed at once). */
function parseNumber(text: string, where: string, field: string): number | RecordingProblem {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) {
    return problem(where, 'BAD_MANIFEST', `field ${field} must be a number, got '${text}'`);
  }
  return value;
}
