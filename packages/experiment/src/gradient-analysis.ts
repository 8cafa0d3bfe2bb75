import {
  createGradientCollector,
  createOnlineNoiseScale,
  type GradientCollector,
  type OnlineNoiseScale,
  relativeHalfWidth,
} from '@ranker/grad-analysis';
import type { ProbeRecord } from '@ranker/report';
import type { PairRef, TrainerEvents } from '@ranker/trainer';
import { ExperimentError } from './errors.js';

const sampleIds = (pairs: PairRef[]) => pairs.flatMap((p) => [p.left, p.right]);

/**
 * Feeds the trainer's gradients to @ranker/grad-analysis: every training step of an analysis
 * epoch to an online (moving-weights) noise-scale tracker restarted each epoch, every probe batch
 * to a collector at fixed weights. Gradients are consumed during the event call (the trainer
 * reuses them). The tracker's summary is only recorded with an epoch's probe, so the steps of
 * other epochs are not read at all: each costs a pass over all D values (~10 % of a step).
 */
export class GradientAnalysis {
  private online: OnlineNoiseScale | null = null;
  private onlineEpoch = 0;
  private collector: GradientCollector | null = null;
  private batches: PairRef[][] = [];

  /**
   * `seed`: of the collector's sketches and t-SNE (the run's data seed); `analysisEpochs`: the
   * epochs that end with a probe (the trainer's `training.analysisEpochs`); `maxBatchSize`: the
   * largest batch the data allow (training pairs per epoch), the bound of the batch-size advice.
   */
  constructor(
    private readonly seed: number,
    private readonly analysisEpochs: readonly number[],
    private readonly maxBatchSize: number,
  ) {}

  batchEnd(event: TrainerEvents['batchEnd']): void {
    if (!this.analysisEpochs.includes(event.epoch)) return;
    if (this.online === null || this.onlineEpoch !== event.epoch) {
      this.online = createOnlineNoiseScale({ parameterCount: event.gradient.length });
      this.onlineEpoch = event.epoch;
    }
    this.online.add(event.gradient, event.pairs.length);
  }

  probeStart(event: TrainerEvents['probeStart']): void {
    const parameterCount = event.parameterLayout.reduce((n, p) => n + p.length, 0);
    this.collector = createGradientCollector({
      parameterCount,
      groups: event.parameterLayout,
      seed: this.seed,
      // The model's gradients live on a SharedArrayBuffer and the probe waits for add(), with
      // both cores idle but this one: a helper thread sweeps half of each gradient.
      threads: 2,
    });
    this.batches = [];
  }

  probe(event: TrainerEvents['probe']): void {
    this.collector?.add(event.gradient, event.batchSize, { sampleIds: sampleIds(event.pairs) });
    this.batches.push(event.pairs);
  }

  /**
   * Relative half-width of B_simple's interval over the probe batches so far (null while it has
   * no two-sided interval): what `--probe-until` compares with its target. 400 resamples keep it
   * cheap enough to ask after every batch.
   */
  probePrecision(): number | null {
    if (!this.collector || this.collector.batches < 3) return null;
    return relativeHalfWidth(this.collector.noiseScale({ resamples: 400 }));
  }

  /** The record of the probe just finished; the training-time GNS needs ≥ 2 steps of that epoch. */
  probeEnd(epoch: number): ProbeRecord {
    if (!this.collector) {
      throw new ExperimentError(
        'PROBE_OUT_OF_ORDER',
        `probeEnd for epoch ${epoch} without probeStart`,
      );
    }
    const probe = this.collector.result({ maxBatchSize: this.maxBatchSize });
    const training =
      this.online && this.onlineEpoch === epoch && this.online.steps >= 2
        ? this.online.summary()
        : null;
    this.collector = null;
    return { epoch, probe, training, batches: this.batches };
  }
}
