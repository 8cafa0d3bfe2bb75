import type { SweepCell, SweepPlan } from '../../src/index.js';
import { cellId, cellRunId } from '../../src/index.js';

/** A grid over batch size of the quick model (ResNet-10 width 0.125, 32×32, backend cpu). */
export function tinyPlan(batchSizes: number[], epochs = 2, seed = 1): SweepPlan {
  const cells: SweepCell[] = batchSizes.map((batchSize) => {
    const parameters = { 'batch-size': batchSize };
    const id = cellId(parameters, seed);
    return {
      id,
      parameters,
      seed,
      runId: cellRunId(id),
      run: {
        data: { size: [32, 32], seed },
        model: { depth: 10, widthMultiplier: 0.125 },
        training: {
          epochs,
          batchSize,
          seed,
          analysisEpochs: Array.from({ length: epochs }, (_, i) => i + 1),
          probe: { batches: 12, until: null }, // a fixed 12 batches of B pairs: fast
        },
        backend: 'cpu',
      },
      conditionNote: null,
    };
  });
  return { spec: { grid: { 'batch-size': batchSizes }, seeds: [seed], epochs }, cells };
}

/** A result without what differs between machines and runs (where, and the wall-clock). */
export function numbersOf<T extends { runDir: string | null }>(result: T): Omit<T, 'runDir'> {
  const { runDir: _, ...rest } = result;
  return rest;
}
