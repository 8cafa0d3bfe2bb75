import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type AuditRecord, readAuditRecord } from './auditRecord.js';
import { ReportError } from './errors.js';
import { FieldReader, isObject } from './fieldReader.js';
import { PLANTED_FILE, type PlantedFault, readPlantedFaults } from './plantedFaults.js';
import { type ProbeRecord, probeFile, readProbeRecord } from './probeRecord.js';
import type { Problem } from './problems.js';

/** One `{ "type": "epoch", ... }` line of metrics.jsonl. */
export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  validationLoss: number | null;
  pairwiseAccuracy: number | null;
  spearman: number | null;
}

export type RunStatus = 'running' | 'completed' | 'interrupted' | 'failed';

/** What the report could read from a run directory, and what it could not. */
export interface RunData {
  runDir: string;
  runId: string;
  /** config.json as parsed (an object), or null when missing/invalid. */
  config: Record<string, unknown> | null;
  status: RunStatus | null;
  lastCompletedEpoch: number | null;
  /** state.json `error`: the message that ended a failed run. */
  error: string | null;
  epochs: EpochMetrics[];
  /** Valid probes, ascending by epoch. */
  probes: ProbeRecord[];
  /**
   * Analysis epochs the run completed (config.json `training.analysisEpochs` ≤ state.json
   * `lastCompletedEpoch`): each must have a valid probe; null when config or state is unreadable.
   */
  expectedProbeEpochs: number[] | null;
  /** Expected epochs without a valid probe: the report is partial and names each. */
  missingProbeEpochs: number[];
  /** planted.json (ground truth for hypothesis 3); null when the run has none. */
  planted: PlantedFault[] | null;
  /** audit.json (the data audit, hypothesis 3's evidence); null when absent or invalid. */
  audit: AuditRecord | null;
  /**
   * Pairs per epoch, the largest batch the data allow: one pair per training sample
   * (model/src/pairs.ts), so config.json `split.train.length`; null when not recorded.
   */
  pairsPerEpoch: number | null;
  problems: Problem[];
}

const PROBE_FILE = /^epoch-(\d+)\.json$/;
const STATUSES: RunStatus[] = ['running', 'completed', 'interrupted', 'failed'];

/**
 * Reads a run directory (docs/architecture.md, "Run directory"). Throws ReportError only when
 * `runDir` itself is not a directory; every defect inside becomes a Problem.
 */
export function readRunDirectory(runDir: string): RunData {
  let isDirectory = false;
  try {
    isDirectory = statSync(runDir).isDirectory();
  } catch {}
  if (!isDirectory) {
    throw new ReportError(
      'RUN_DIR_NOT_FOUND',
      `run directory '${runDir}' does not exist or is not a directory`,
    );
  }
  const problems: Problem[] = [];
  const config = readJsonFile(runDir, 'config.json', problems);
  const configObject = isObject(config) ? config : null;
  if (config !== undefined && !configObject) {
    problems.push({
      kind: 'invalid-field',
      file: 'config.json',
      field: '(root)',
      expected: 'json-object',
    });
  }
  const runId =
    typeof configObject?.runId === 'string' && configObject.runId
      ? configObject.runId
      : basename(runDir);
  if (configObject) new FieldReader('config.json', problems).string(configObject.runId, 'runId');

  const { status, lastCompletedEpoch, error } = readState(runDir, problems);
  const epochs = readEpochMetrics(runDir, problems);
  const expected = expectedProbeEpochs(configObject, lastCompletedEpoch);
  const probes = readProbes(runDir, expected ?? [], problems);
  const analysed = new Set(probes.map((p) => p.epoch));
  const missing = (expected ?? []).filter((e) => !analysed.has(e));
  for (const epoch of missing) {
    problems.push({
      kind: 'probe-missing',
      file: probeFile(epoch),
      field: 'epoch',
      got: `${epoch}`,
    });
  }
  return {
    runDir,
    runId,
    config: configObject,
    status,
    lastCompletedEpoch,
    error,
    epochs,
    probes,
    expectedProbeEpochs: expected,
    missingProbeEpochs: missing,
    planted: readPlanted(runDir, problems),
    audit: readAudit(runDir, problems),
    pairsPerEpoch: pairsPerEpoch(configObject),
    problems,
  };
}

/** planted.json is optional: absent means no ground truth, not a defect. */
function readPlanted(runDir: string, problems: Problem[]): PlantedFault[] | null {
  if (!existsSync(join(runDir, PLANTED_FILE))) return null;
  const json = readJsonFile(runDir, PLANTED_FILE, problems);
  return json === undefined ? null : (readPlantedFaults(json, problems) ?? null);
}

/** audit.json is optional (the audit is off by default); an invalid one is a problem. */
function readAudit(runDir: string, problems: Problem[]): AuditRecord | null {
  if (!existsSync(join(runDir, AUDIT_FILE))) return null;
  const json = readJsonFile(runDir, AUDIT_FILE, problems);
  return json === undefined ? null : (readAuditRecord(json, AUDIT_FILE, problems) ?? null);
}

export const AUDIT_FILE = 'audit.json';

function pairsPerEpoch(config: Record<string, unknown> | null): number | null {
  const split = config?.split;
  if (!isObject(split) || !Array.isArray(split.train) || split.train.length === 0) return null;
  return split.train.length;
}

/** The trainer probes at each `training.analysisEpochs` entry once that epoch's steps are done. */
function expectedProbeEpochs(
  config: Record<string, unknown> | null,
  lastCompletedEpoch: number | null,
): number[] | null {
  const training = config?.training;
  if (!isObject(training) || lastCompletedEpoch === null) return null;
  const epochs = training.analysisEpochs;
  if (!Array.isArray(epochs)) return null;
  return epochs.filter(
    (e): e is number =>
      Number.isInteger(e) && (e as number) >= 1 && (e as number) <= lastCompletedEpoch,
  );
}

function readText(runDir: string, file: string, problems: Problem[]): string | undefined {
  try {
    return readFileSync(join(runDir, file), 'utf8');
  } catch (error) {
    problems.push({ kind: 'missing-file', file, got: (error as NodeJS.ErrnoException).code });
    return undefined;
  }
}

function parseJson(text: string, file: string, problems: Problem[], field?: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    problems.push({ kind: 'invalid-json', file, field, got: (error as Error).message });
    return undefined;
  }
}

function readJsonFile(runDir: string, file: string, problems: Problem[]): unknown {
  const text = readText(runDir, file, problems);
  return text === undefined ? undefined : parseJson(text, file, problems);
}

function readState(runDir: string, problems: Problem[]) {
  const json = readJsonFile(runDir, 'state.json', problems);
  let status: RunStatus | null = null;
  let lastCompletedEpoch: number | null = null;
  let error: string | null = null;
  if (json !== undefined) {
    const r = new FieldReader('state.json', problems);
    const state = r.object(json, '(root)');
    if (state) {
      if (STATUSES.includes(state.status as RunStatus)) status = state.status as RunStatus;
      else {
        problems.push({
          kind: state.status === undefined ? 'missing-field' : 'invalid-field',
          file: 'state.json',
          field: 'status',
          expected: 'run-status',
          got: JSON.stringify(state.status),
        });
      }
      // lastCompletedEpoch is 0 before the first epoch ends, so 0 is valid here.
      if (Number.isInteger(state.lastCompletedEpoch) && (state.lastCompletedEpoch as number) >= 0) {
        lastCompletedEpoch = state.lastCompletedEpoch as number;
      } else r.positiveInteger(state.lastCompletedEpoch, 'lastCompletedEpoch');
      if (typeof state.error === 'string') error = state.error;
    }
  }
  if (status !== 'completed') {
    problems.push({
      kind: 'run-not-completed',
      file: 'state.json',
      field: 'status',
      got: status ?? 'unknown',
    });
  }
  return { status, lastCompletedEpoch, error };
}

function readEpochMetrics(runDir: string, problems: Problem[]): EpochMetrics[] {
  const text = readText(runDir, 'metrics.jsonl', problems);
  if (text === undefined) return [];
  const byEpoch = new Map<number, EpochMetrics>();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const where = `line ${i + 1}`;
    const json = parseJson(line, 'metrics.jsonl', problems, where);
    if (!isObject(json) || json.type !== 'epoch') return;
    const r = new FieldReader('metrics.jsonl', problems);
    const epoch = r.positiveInteger(json.epoch, `${where}.epoch`);
    const trainLoss = r.finite(json.trainLoss, `${where}.trainLoss`);
    if (epoch === undefined || trainLoss === undefined) return;
    const optional = (key: string) =>
      typeof json[key] === 'number' && Number.isFinite(json[key]) ? (json[key] as number) : null;
    // A resumed run may log an epoch twice: the later line wins.
    byEpoch.set(epoch, {
      epoch,
      trainLoss,
      validationLoss: optional('validationLoss'),
      pairwiseAccuracy: optional('pairwiseAccuracy'),
      spearman: optional('spearman'),
    });
  });
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

/** Every probe file present, and the expected ones (a missing one is then a missing-file problem). */
function readProbes(runDir: string, expected: number[], problems: Problem[]): ProbeRecord[] {
  let names: string[] = [];
  try {
    names = readdirSync(join(runDir, 'probes')).filter((name) => PROBE_FILE.test(name));
  } catch {}
  const files = new Set([...names.map((name) => `probes/${name}`), ...expected.map(probeFile)]);
  const probes: ProbeRecord[] = [];
  for (const file of [...files].sort()) {
    const name = basename(file);
    const json = readJsonFile(runDir, file, problems);
    if (json === undefined) continue;
    const record = readProbeRecord(json, file, problems);
    if (!record) continue;
    const fileEpoch = Number(PROBE_FILE.exec(name)![1]);
    if (record.epoch !== fileEpoch) {
      problems.push({ kind: 'epoch-mismatch', file, field: 'epoch', got: String(record.epoch) });
      continue;
    }
    probes.push(record);
  }
  if (probes.length === 0) problems.push({ kind: 'no-probes', file: 'probes/' });
  return probes.sort((a, b) => a.epoch - b.epoch);
}
