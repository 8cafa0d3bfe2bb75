import { FieldReader, isObject } from './fieldReader.js';
import type { Problem } from './problems.js';

/**
 * Ground truth for hypothesis 3: recordings whose label was deliberately corrupted, as the data
 * audit (issue 15) writes `planted.json` in the run directory. `recordingId` is the sample id the
 * trainer uses in its pairs (PairRef.left/right).
 */
export interface PlantedFault {
  recordingId: string;
  kind: string;
  trueLabel: unknown;
  recordedLabel: unknown;
}

export const PLANTED_FILE = 'planted.json';

/** The planted faults, or undefined (with problems) when the file is not a valid list. */
export function readPlantedFaults(json: unknown, problems: Problem[]): PlantedFault[] | undefined {
  const r = new FieldReader(PLANTED_FILE, problems);
  const items = r.array(json, '(root)');
  if (!items) return undefined;
  const before = problems.length;
  items.forEach((item, i) => {
    const o = r.object(item, `[${i}]`);
    if (!o) return;
    r.string(o.recordingId, `[${i}].recordingId`);
    r.string(o.kind, `[${i}].kind`);
  });
  if (problems.length > before) return undefined;
  return items.map((item) => {
    const o = isObject(item) ? item : {};
    return {
      recordingId: o.recordingId as string,
      kind: o.kind as string,
      trueLabel: o.trueLabel ?? null,
      recordedLabel: o.recordedLabel ?? null,
    };
  });
}
