/**
 * The part of `@ranker/model`'s `RankerModel` the trainer uses, written structurally so that any
 * implementation (the real tfjs ResNet, a test double, another framework) can be put behind it.
 * Shapes and meanings are those of docs/architecture.md; the batch and result types are the
 * model's own.
 */
import type { GradientResult, PairBatch } from '@ranker/model';

export type { GradientResult, PairBatch };

export interface TrainableModel {
  readonly parameterLayout: { name: string; length: number }[];
  readonly parameterCount: number;
  readonly backend: string;
  trainStep(batch: PairBatch): GradientResult;
  probeGradient(batch: PairBatch): GradientResult;
  score(inputs: Float32Array, count: number): Float32Array;
  /**
   * Writes a checkpoint of the state at the moment of the call to `dir`: the state is captured
   * before `save` returns (the trainer trains on while the promise is pending); resolves once
   * the files are complete and synced.
   */
  save(dir: string): Promise<void>;
  load(dir: string): Promise<void>;
  /** May resolve later, once native or helper threads have stopped; the trainer waits for it. */
  dispose(): void | Promise<void>;
}

/** The fields of `@ranker/dsp`'s `SpectrogramSample` the trainer reads. */
export interface TrainingSample {
  id: string;
  angleDeg: number;
  spectrogram: { data: Float32Array; shape: [number, number] };
}

/** One pair as indices into a sample list, as `@ranker/model`'s `samplePairs` returns them. */
export interface IndexPair {
  left: number;
  right: number;
  target: 1 | -1;
}

/** `@ranker/model`'s `samplePairs`: each index once as `left`, a seeded partner of another angle. */
export type PairSampler = (angles: number[], options: { seed: number }) => IndexPair[];
