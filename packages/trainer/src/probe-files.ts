import { readFile } from 'node:fs/promises';
import type { RunDirectory } from './run-directory.js';

/** `probes/epoch-NNN.json`: the consumer's record of the probe after epoch NNN. */
export function probePath(epoch: number): string {
  return `probes/epoch-${String(epoch).padStart(3, '0')}.json`;
}

/** A probe record that a completed analysis epoch should have and has not (in usable form). */
export interface ProbeFileProblem {
  epoch: number;
  /** Relative to the run directory, e.g. 'probes/epoch-005.json'. */
  file: string;
  reason: 'missing' | 'unreadable' | 'invalid-json';
  /** One line naming the file and what is wrong. */
  message: string;
}

/**
 * Checks that every analysis epoch up to `lastCompletedEpoch` has its probe record, as JSON.
 * Only existence and syntax: the record's content is the consumer's (the report checks it).
 */
export async function checkProbeFiles(
  directory: RunDirectory,
  analysisEpochs: number[],
  lastCompletedEpoch: number,
): Promise<ProbeFileProblem[]> {
  const problems: ProbeFileProblem[] = [];
  for (const epoch of analysisEpochs.filter((e) => e <= lastCompletedEpoch)) {
    const file = probePath(epoch);
    const path = directory.resolve(file);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      problems.push({
        epoch,
        file,
        reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable',
        message: `${path}, the probe record of completed epoch ${epoch}, cannot be read (${(error as Error).message}): the report will lack that probe`,
      });
      continue;
    }
    try {
      JSON.parse(text);
    } catch (error) {
      problems.push({
        epoch,
        file,
        reason: 'invalid-json',
        message: `${path}, the probe record of completed epoch ${epoch}, is not valid JSON (${(error as Error).message}): the report will lack that probe`,
      });
    }
  }
  return problems;
}
