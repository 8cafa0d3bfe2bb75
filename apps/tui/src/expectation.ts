import type { RunEvent } from './protocol.js';

/** What the expectation needs from the flags: the model's size, the input and the probes. */
export interface ExpectationOptions {
  depth: 10 | 18 | 34;
  width: number; // width multiplier
  input: [number, number]; // [height, width]
  batchSize: number; // pairs per gradient
  probeBatches: number;
  probeUntil: number | null;
  probeMaxBatches: number;
}

type Started = Extract<RunEvent, { type: 'started' }>;

/**
 * Seconds per gradient (one training step or probe batch) = OVERHEAD + PER_COST × cost, cost
 * relative to the seed's (ResNet-18 width 1, 64×64, B = 4): ∝ B (2·B spectrograms per step),
 * width² (channels in and out of each conv), height·width (every conv's output map), and the
 * 3×3 convs (8, 16, 32 for ResNet-10/18/34; each stage costs about the same since channels double
 * as the map halves, He et al. 2016, Table 1). The two constants are fitted to two whole runs on
 * the reference machine (2-core x86_64, Node 20, backend cpu-onednn; apps/tui README, "Run time"):
 * the seed run 0.1311 s/gradient (cost 1: 152.6 s for 360 steps and 804 probe batches,
 * 2026-12-03 17:50 UTC, the experiment bench), --quick 0.05 s (cost 1/512: 3.6 s for 72
 * gradients, 18:09 UTC): the overhead is data, validation, analysis and report spread over the
 * gradients.
 */
const REFERENCE = { overheadS: 0.0497, perCostS: 0.0814, backend: 'cpu-onednn' };
const CONVS: Record<ExpectationOptions['depth'], number> = { 10: 8, 18: 16, 34: 32 };

/** Relative cost of one gradient (the seed's = 1). */
export function gradientCost(o: ExpectationOptions): number {
  const [height, width] = o.input;
  return (o.batchSize / 4) * o.width ** 2 * ((height * width) / 64 ** 2) * (CONVS[o.depth] / 16);
}

/**
 * Gradients this session computes: its training steps and its probe batches, the fewest or the
 * most a probe may draw (they differ when probes stop by precision: `batches` … `maxBatches`).
 */
export function gradientCount(
  o: ExpectationOptions,
  started: Started,
  which: 'fewest' | 'most' = 'most',
): number {
  const epochs = Math.max(0, started.epochs - started.startEpoch + 1);
  const probes = started.probeEpochs.filter((e) => e >= started.startEpoch).length;
  const perProbe =
    o.probeUntil === null
      ? o.probeBatches
      : which === 'fewest'
        ? Math.min(o.probeBatches, o.probeMaxBatches)
        : o.probeMaxBatches;
  return epochs * started.batchesPerEpoch + probes * perProbe;
}

/** Expected seconds for the rest of this run, from its configuration and its data. */
export function expectedSeconds(
  o: ExpectationOptions,
  started: Started,
  which: 'fewest' | 'most' = 'most',
): number {
  const perGradient = REFERENCE.overheadS + REFERENCE.perCostS * gradientCost(o);
  return gradientCount(o, started, which) * perGradient;
}

function roughDuration(seconds: number): string {
  const minutes = seconds / 60;
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (minutes < 90) return `${Math.round(minutes)} min`;
  return `${(minutes / 60).toFixed(1)} h`;
}

/** The line shown once the data is loaded, until the live ETA takes over. */
export function expectationLine(o: ExpectationOptions, started: Started): string {
  const epochs = Math.max(0, started.epochs - started.startEpoch + 1);
  const resumed = started.startEpoch > 1 ? ` (resuming at epoch ${started.startEpoch})` : '';
  const other =
    started.backend === REFERENCE.backend
      ? ''
      : `; measured on ${REFERENCE.backend}, this run uses ${started.backend}`;
  const model = `ResNet-${o.depth} width ${o.width}, ${o.input.join('x')}, B=${o.batchSize}`;
  const most = gradientCount(o, started, 'most');
  const fewest = gradientCount(o, started, 'fewest');
  if (fewest === most) {
    return `expect about ${roughDuration(expectedSeconds(o, started))} for ${epochs} epochs${resumed}: ${most} gradients of ${model} (estimate from a 2-core CPU${other})`;
  }
  const time = `${roughDuration(expectedSeconds(o, started, 'fewest'))} to ${roughDuration(expectedSeconds(o, started, 'most'))}`;
  return `expect ${time} for ${epochs} epochs${resumed}: ${fewest}–${most} gradients of ${model}, probes stop once B_simple is within ±${formatPercent(o.probeUntil)} (estimate from a 2-core CPU${other})`;
}

function formatPercent(fraction: number | null): string {
  return `${Math.round(100 * (fraction ?? 0))}%`;
}
