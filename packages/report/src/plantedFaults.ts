import { FieldReader } from './fieldReader.js';
import type { Problem } from './problems.js';

/**
 * Ground truth for hypothesis 3: recordings whose label was deliberately corrupted, as the data
 * audit (issue 15) writes `planted.json` in the run directory. `recordingId` is the sample id the
 * trainer uses in its pairs (PairRef.left/right).
 */
export interface PlantedFault {
  recordingId: string;
  kind: string;
  /** The angle the recording was made at (degrees). */
  trueLabel: number;
  /** The angle the dataset files it under (≠ trueLabel only for a mislabel). */
  recordedLabel: number;
}

export const PLANTED_FILE = 'planted.json';

/**
 * Checks one planted fault's fields (an entry of planted.json, or of audit.json's groundTruth)
 * and returns its recordingId when that is a string.
 */
export function checkPlantedFault(
  r: FieldReader,
  o: Record<string, unknown>,
  field: string,
): string | undefined {
  const id = r.string(o.recordingId, `${field}.recordingId`);
  r.string(o.kind, `${field}.kind`);
  r.finite(o.trueLabel, `${field}.trueLabel`);
  r.finite(o.recordedLabel, `${field}.recordedLabel`);
  return id;
}

/** The planted faults, or undefined (with problems) when the file is not a valid list. */
export function readPlantedFaults(json: unknown, problems: Problem[]): PlantedFault[] | undefined {
  const r = new FieldReader(PLANTED_FILE, problems);
  const items = r.array(json, '(root)');
  if (!items) return undefined;
  const before = problems.length;
  items.forEach((item, i) => {
    const o = r.object(item, `[${i}]`);
    if (o) checkPlantedFault(r, o, `[${i}]`);
  });
  if (problems.length > before) return undefined;
  return items.map((item) => {
    const { recordingId, kind, trueLabel, recordedLabel } = item as unknown as PlantedFault;
    return { recordingId, kind, trueLabel, recordedLabel };
  });
}
