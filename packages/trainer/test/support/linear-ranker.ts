import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  GradientResult,
  IndexPair,
  PairBatch,
  SplitData,
  TrainableModel,
  TrainerComponents,
  TrainingSample,
} from '../../src/index.js';

/** Seeded uniform [0, 1) (mulberry32), for test data only. */
export function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A deterministic stand-in for the ResNet: score(x) = w·x, margin-ranking loss
 * mean(max(0, −t(s_l − s_r) + margin)), plain SGD with L2 weight decay. Its gradient is
 * known in closed form: mean over active pairs of −t(x_l − x_r).
 */
export class LinearRanker implements TrainableModel {
  readonly backend = 'linear-double';
  readonly parameterLayout: { name: string; length: number }[];
  readonly parameterCount: number;
  weights: Float64Array;
  steps = 0;
  disposed = false;
  private readonly gradient: Float32Array;

  constructor(
    size: number,
    seed: number,
    private readonly margin = 1,
    private readonly learningRate = 0.01,
    private readonly weightDecay = 1e-5,
  ) {
    const random = uniform(seed);
    this.weights = Float64Array.from({ length: size }, () => (random() - 0.5) * 0.01);
    this.parameterLayout = [{ name: 'w', length: size }];
    this.parameterCount = size;
    this.gradient = new Float32Array(size); // reused, as the real model may do
  }

  private scoreOne(data: Float32Array, offset: number): number {
    let s = 0;
    for (let k = 0; k < this.parameterCount; k++) s += this.weights[k] * data[offset + k];
    return s;
  }

  private lossAndGradient(batch: PairBatch, withGradient: boolean): GradientResult {
    const n = this.parameterCount;
    const g = new Float64Array(n);
    let loss = 0;
    for (let i = 0; i < batch.count; i++) {
      const t = batch.target[i];
      const diff = this.scoreOne(batch.left, i * n) - this.scoreOne(batch.right, i * n);
      const hinge = -t * diff + this.margin;
      if (hinge <= 0) continue;
      loss += hinge;
      if (withGradient) {
        for (let k = 0; k < n; k++) g[k] += -t * (batch.left[i * n + k] - batch.right[i * n + k]);
      }
    }
    let normSquared = 0;
    for (let k = 0; k < n; k++) {
      this.gradient[k] = g[k] / batch.count;
      normSquared += this.gradient[k] ** 2;
    }
    return { loss: loss / batch.count, gradient: this.gradient, gradientNormSquared: normSquared };
  }

  trainStep(batch: PairBatch): GradientResult {
    const result = this.lossAndGradient(batch, true);
    for (let k = 0; k < this.parameterCount; k++) {
      this.weights[k] -=
        this.learningRate * (result.gradient[k] + this.weightDecay * this.weights[k]);
    }
    this.steps++;
    return result;
  }

  probeGradient(batch: PairBatch): GradientResult {
    return this.lossAndGradient(batch, true);
  }

  score(inputs: Float32Array, count: number): Float32Array {
    return Float32Array.from({ length: count }, (_, i) =>
      this.scoreOne(inputs, i * this.parameterCount),
    );
  }

  evaluateLoss(batch: PairBatch): number {
    return this.lossAndGradient(batch, false).loss;
  }

  /**
   * weights.json plus its SHA-256 in weights.sha256, checked on load (as @ranker/model does); the
   * state is captured when called, before the first await (the trainer trains on meanwhile).
   */
  async save(dir: string): Promise<void> {
    const text = JSON.stringify({ w: [...this.weights], steps: this.steps });
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'weights.json'), text);
    await writeFile(join(dir, 'weights.sha256'), createHash('sha256').update(text).digest('hex'));
  }

  async load(dir: string): Promise<void> {
    const text = await readFile(join(dir, 'weights.json'), 'utf8');
    const expected = await readFile(join(dir, 'weights.sha256'), 'utf8');
    if (createHash('sha256').update(text).digest('hex') !== expected) {
      throw new Error(`${join(dir, 'weights.json')}: SHA-256 differs from weights.sha256`);
    }
    const saved = JSON.parse(text);
    this.weights = Float64Array.from(saved.w);
    this.steps = saved.steps;
  }

  dispose(): void {
    this.disposed = true;
  }
}

/** Every index once as left, in seeded order, with a seeded partner of a different angle. */
export function seededPairs(angles: number[], { seed }: { seed: number }): IndexPair[] {
  const random = uniform(seed);
  const order = angles.map((_, i) => i).sort(() => random() - 0.5);
  return order.map((left) => {
    const others = angles.flatMap((a, j) => (a === angles[left] ? [] : [j]));
    const right = others[Math.floor(random() * others.length)];
    return { left, right, target: angles[left] > angles[right] ? 1 : -1 };
  });
}

/**
 * Samples of `angles` (each `perAngle` times), [size, size] spectrograms whose mean level grows
 * with the angle plus seeded noise: a linear scorer can learn the order.
 */
export function rampSamples(perAngle: number, size = 32, seed = 1): TrainingSample[] {
  const random = uniform(seed);
  const angles = [0, 36, 72, 108, 144, 180];
  return angles.flatMap((angleDeg) =>
    Array.from({ length: perAngle }, (_, k) => ({
      id: `deg${String(angleDeg).padStart(3, '0')}/${k}`,
      angleDeg,
      spectrogram: {
        data: Float32Array.from({ length: size * size }, () => angleDeg / 180 + (random() - 0.5)),
        shape: [size, size] as [number, number],
      },
    })),
  );
}

/**
 * Components for the trainer that need neither tfjs nor dsp; `models` collects every model
 * built. 54 ramp samples: 6 held out, the first `trainSamples` (≤ 48) of the rest train.
 */
export function linearComponents(
  size = 32,
  trainSamples = 48,
): TrainerComponents & { models: LinearRanker[] } {
  const models: LinearRanker[] = [];
  const samples = rampSamples(9, size);
  const data: SplitData = {
    train: samples.filter((_, i) => i % 9 !== 0).slice(0, trainSamples),
    validation: samples.filter((_, i) => i % 9 === 0),
    description: 'ramp test samples',
  };
  return {
    models,
    createModel: async (config) => {
      const model = new LinearRanker(size * size, config.training.seed, config.training.margin);
      models.push(model);
      return { model, backend: { name: 'linear-double', reason: 'test double' } };
    },
    loadData: async () => data,
    samplePairs: seededPairs,
  };
}
