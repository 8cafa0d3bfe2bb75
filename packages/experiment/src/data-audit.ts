import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  createRecordingGradientCollector,
  DEFAULT_AUDIT_DETECTOR,
  type RecordingGradientCollector,
  rankingMargins,
  scoreRecordings,
} from '@ranker/grad-analysis';
import type { AuditRecord } from '@ranker/report';
import type { DataConfig, PlantedFault, TrainerEvents } from '@ranker/trainer';

/** Where each epoch's inference scores are kept, one JSON line per epoch (survives a resume). */
export const AUDIT_SCORES_FILE = 'audit/scores.jsonl';
export const AUDIT_FILE = 'audit.json';
export const PLANTED_FILE = 'planted.json';

interface ScoresLine {
  epoch: number;
  ids: string[];
  scores: number[];
  angles: number[];
}

/**
 * The data audit of one run (issue 15): feeds the trainer's `auditRecording` gradients to
 * grad-analysis's per-recording collector, appends every `auditScores` epoch to
 * `audit/scores.jsonl`, and builds `audit.json` (@ranker/report's `AuditRecord`) from all
 * epochs on disk with `DEFAULT_AUDIT_DETECTOR`. Gradient evidence covers this process's epochs
 * only (a resumed run's earlier gradients are gone); the detector itself uses scores only.
 */
export class DataAudit {
  private collector: RecordingGradientCollector | null = null;

  constructor(
    private readonly runDir: string,
    private readonly data: Pick<DataConfig, 'source' | 'seed'>,
    private readonly planted: readonly PlantedFault[] | null,
  ) {}

  /** Consumed during the call (the trainer reuses `gradient`). */
  recording(event: TrainerEvents['auditRecording']): void {
    this.collector ??= createRecordingGradientCollector({
      parameterCount: event.gradient.length,
      seed: this.data.seed,
    });
    this.collector.add(event.epoch, event.recordingId, event.gradient, event.loss);
  }

  /** Appends one epoch's scores to `audit/scores.jsonl`. */
  async scores(event: TrainerEvents['auditScores']): Promise<void> {
    const line: ScoresLine = {
      epoch: event.epoch,
      ids: event.ids,
      scores: Array.from(event.scores),
      angles: event.angles,
    };
    const file = join(this.runDir, AUDIT_SCORES_FILE);
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, `${JSON.stringify(line)}\n`);
  }

  /**
   * The audit record from the scored epochs ≤ `lastEpoch` on disk (a later line for an epoch
   * replaces an earlier one: an interrupted epoch scored again), or null when none is usable.
   * `notes` receives a line per epoch left out and why.
   */
  async record(lastEpoch: number, notes: (line: string) => void): Promise<AuditRecord | null> {
    const byEpoch = new Map<number, ScoresLine>();
    let text = '';
    try {
      text = await readFile(join(this.runDir, AUDIT_SCORES_FILE), 'utf8');
    } catch {
      return null; // no epoch scored yet
    }
    text.split('\n').forEach((raw, i) => {
      if (raw.trim() === '') return;
      try {
        const line = JSON.parse(raw) as ScoresLine;
        if (line.epoch <= lastEpoch) byEpoch.set(line.epoch, line);
      } catch {
        notes(`${AUDIT_SCORES_FILE} line ${i + 1} is not JSON (cut short?); left out`);
      }
    });
    const epochs = [...byEpoch.keys()].sort((a, b) => a - b);
    if (epochs.length === 0) return null;
    const last = byEpoch.get(epochs[epochs.length - 1]) as ScoresLine;
    const ids = last.ids;
    const sameSplit = (l: ScoresLine) =>
      l.ids.length === ids.length && l.ids.every((id, i) => id === ids[i]);
    const used = epochs.filter((e) => {
      const ok = sameSplit(byEpoch.get(e) as ScoresLine);
      if (!ok) notes(`${AUDIT_SCORES_FILE}: epoch ${e} scored other recordings; left out`);
      return ok;
    });
    const margins = rankingMargins(used.map((e) => byEpoch.get(e) as ScoresLine));
    const gradients = this.collector?.result() ?? null;
    const evidence = new Map(gradients?.recordings.map((r) => [r.id, r]) ?? []);
    const scored = scoreRecordings(
      ids,
      {
        margin: margins.margin,
        misordered: margins.misordered,
        classMargin: margins.classMargin,
        loss: ids.map((id) => evidence.get(id)?.loss ?? null),
        selfInfluence: ids.map((id) => evidence.get(id)?.selfInfluence ?? null),
        alignment: ids.map((id) => evidence.get(id)?.alignment ?? null),
      },
      DEFAULT_AUDIT_DETECTOR,
    );
    const labelOf = new Map(ids.map((id, i) => [id, last.angles[i]]));
    const audited = new Set(ids);
    const truth = (this.planted ?? []).map(
      (p): PlantedFault => ({
        recordingId: p.recordingId,
        kind: p.kind,
        trueLabel: p.trueLabel,
        recordedLabel: p.recordedLabel,
      }),
    );
    const gradientEpochs = [...new Set(gradients?.recordings.flatMap((r) => r.epochs) ?? [])];
    return {
      detector: { ...DEFAULT_AUDIT_DETECTOR, signals: [...DEFAULT_AUDIT_DETECTOR.signals] },
      gradientEpochs: gradientEpochs.sort((a, b) => a - b),
      scoreEpochs: used,
      gradientPath: gradients
        ? { path: gradients.path, sketchDimension: gradients.sketchDimension }
        : null,
      recordings: scored.recordings.map((r) => ({
        ...r,
        source: recordingSource(this.data, r.id),
        recordedLabel: labelOf.get(r.id) as number,
      })),
      groundTruth:
        this.planted === null
          ? null
          : {
              audited: truth.filter((p) => audited.has(p.recordingId)),
              validation: truth.filter((p) => !audited.has(p.recordingId)),
            },
    };
  }
}

/** The file to listen to: sample ids are paths relative to the folder (or the manifest's folder). */
function recordingSource(data: Pick<DataConfig, 'source' | 'seed'>, id: string): string {
  if (data.source === 'synthetic') return `synthetic:${data.seed} ${id}`;
  const root = data.source.toLowerCase().endsWith('.csv') ? dirname(data.source) : data.source;
  return resolve(root, id);
}
