import {
  AUDIT_SIGNALS,
  type AuditDetector,
  type AuditedRecording,
  type AuditSignal,
} from '@ranker/grad-analysis';
import { describeValue, FieldReader } from './fieldReader.js';
import { checkPlantedFault, type PlantedFault } from './plantedFaults.js';
import type { Expectation, Problem } from './problems.js';

/** One audited (training) recording: grad-analysis's scoring plus where to find it. */
export interface AuditRecordingEntry extends AuditedRecording {
  /** File to listen to (the dataset's `source`, e.g. a WAV path; 'synthetic:<seed>' otherwise). */
  source: string;
  /** The label the dataset files it under (degrees). */
  recordedLabel: number;
}

/**
 * `audit.json` in the run directory: the data audit's result, written once at the end of a run
 * by @ranker/experiment (which imports this type) and read by the report. This file is the one
 * definition of its shape.
 */
export interface AuditRecord {
  /** Detector used and how its threshold was calibrated (grad-analysis `AuditDetector`). */
  detector: AuditDetector;
  /** Epochs whose per-recording gradients entered (`auditRecording` events). */
  gradientEpochs: number[];
  /** Epochs whose inference scores entered the margins (`auditScores` events). */
  scoreEpochs: number[];
  /** How gradient cosines were computed: exact, or CountSketch of this dimension; null = no gradients. */
  gradientPath: { path: 'exact' | 'sketch'; sketchDimension: number } | null;
  /** Every audited (training) recording, by rank (1 = most suspicious). */
  recordings: AuditRecordingEntry[];
  /**
   * `planted.json`'s faults, split into those among the audited recordings (ground truth for
   * the evaluation) and those in the validation split (never scored: the audit sees training
   * recordings only). null when nothing was planted (no ground truth).
   */
  groundTruth: { audited: PlantedFault[]; validation: PlantedFault[] } | null;
}

/**
 * Validates audit.json. Returns the record when every part the report states is valid, else
 * undefined with each defect appended to `problems` (the audit section is then left out and the
 * report is partial).
 */
export function readAuditRecord(
  json: unknown,
  file: string,
  problems: Problem[],
): AuditRecord | undefined {
  const before = problems.length;
  const r = new FieldReader(file, problems);
  const fail = (field: string, expected: Expectation, value: unknown) =>
    problems.push({ kind: 'invalid-field', file, field, expected, got: describeValue(value) });
  const root = r.object(json, '(root)');
  if (!root) return undefined;
  const detector = r.object(root.detector, 'detector');
  if (detector) {
    const signals = r.array(detector.signals, 'detector.signals');
    signals?.forEach((s, i) => {
      if (!AUDIT_SIGNALS.includes(s as AuditSignal)) fail(`detector.signals[${i}]`, 'string', s);
    });
    r.finite(detector.threshold, 'detector.threshold');
    r.string(detector.calibration, 'detector.calibration');
  }
  r.finiteArray(root.gradientEpochs, 'gradientEpochs');
  r.finiteArray(root.scoreEpochs, 'scoreEpochs');
  if (root.gradientPath !== null) {
    const path = r.object(root.gradientPath, 'gradientPath');
    if (path) {
      if (path.path !== 'exact' && path.path !== 'sketch') {
        fail('gradientPath.path', 'string', path.path);
      }
      r.positiveInteger(path.sketchDimension, 'gradientPath.sketchDimension');
    }
  }
  const recordings = r.array(root.recordings, 'recordings') ?? [];
  recordings.forEach((entry, i) => {
    const field = `recordings[${i}]`;
    const e = r.object(entry, field);
    if (!e) return;
    r.string(e.id, `${field}.id`);
    r.string(e.source, `${field}.source`);
    r.finite(e.recordedLabel, `${field}.recordedLabel`);
    r.finite(e.score, `${field}.score`);
    if (e.rank !== i + 1) fail(`${field}.rank`, 'positive-integer', e.rank); // ranks are 1, 2, … in order
    r.boolean(e.flagged, `${field}.flagged`);
    for (const part of ['z', 'values'] as const) {
      const values = r.object(e[part], `${field}.${part}`);
      for (const [name, v] of Object.entries(values ?? {})) {
        if (v !== null) r.finite(v, `${field}.${part}.${name}`);
      }
    }
  });
  const ids = new Set(recordings.map((e) => (e as { id?: unknown })?.id));
  if (root.groundTruth !== null) {
    const truth = r.object(root.groundTruth, 'groundTruth');
    for (const side of ['audited', 'validation'] as const) {
      const list = truth ? (r.array(truth[side], `groundTruth.${side}`) ?? []) : [];
      list.forEach((p, i) => {
        const field = `groundTruth.${side}[${i}]`;
        const o = r.object(p, field);
        if (!o) return;
        const id = checkPlantedFault(r, o, field);
        if (side === 'audited' && id !== undefined && !ids.has(id)) {
          fail(`${field}.recordingId`, 'string', id); // not among the audited recordings
        }
      });
    }
  }
  if (problems.length > before) return undefined;
  return json as AuditRecord;
}
