import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type MetricRecord,
  type PairRef,
  type RunConfigInput,
  type RunState,
  type TrainingSample,
  toPairBatch,
} from '../../src/index.js';

/** Packs pairs given by sample id (as events report them) into the model's batch. */
export function pairBatchOf(samples: TrainingSample[], pairs: PairRef[]) {
  const index = new Map(samples.map((s, i) => [s.id, i]));
  return toPairBatch(
    samples,
    pairs.map((p) => ({ left: index.get(p.left)!, right: index.get(p.right)!, target: p.target })),
  );
}

export function smallConfig(
  outDir: string,
  runId: string,
  epochs = 3,
  analysisEpochs = [2],
): RunConfigInput {
  return {
    outDir,
    runId,
    data: { size: [32, 32] },
    training: { epochs, batchSize: 4, margin: 1, seed: 11, analysisEpochs },
  };
}

export async function readLines(runDir: string): Promise<MetricRecord[]> {
  const text = await readFile(join(runDir, 'metrics.jsonl'), 'utf8');
  return text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
}

/** Metrics lines without their wall-clock fields, which no two runs share. */

export async function readState(runDir: string): Promise<RunState> {
  return JSON.parse(await readFile(join(runDir, 'state.json'), 'utf8'));
}

export async function listCheckpoints(runDir: string): Promise<string[]> {
  return readdir(join(runDir, 'checkpoints')).catch(() => []);
}
