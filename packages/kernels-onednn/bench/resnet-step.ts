import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients under Node; the tfjs bundle registers them all.
import '@tensorflow/tfjs';
import { batchNormTraining } from '../src/batch-norm-training.js';

/**
 * A ResNet-18 ranking step written with tfjs-core ops, the same network and step as
 * packages/model/bench/torch-step.py (1-channel stem, BasicBlocks 64-128-256-512, global average
 * pool, one score; MarginRankingLoss margin 10; Adam lr 1e-3), so the bench can time a full step
 * without depending on @ranker/model.
 */
export interface RankingStep {
  /** One training step (forward, backward, Adam update); returns the loss. */
  run(): number;
  /** The batch gradient flattened in parameter order, without updating anything. */
  gradient(): Float32Array;
  dispose(): void;
}

const epsilon = 1e-5;

function heNormal(shape: number[], fanIn: number): tf.Variable {
  return tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', 7));
}

class ConvBatchNorm {
  readonly filter: tf.Variable;
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;

  constructor(
    kernel: number,
    inputs: number,
    outputs: number,
    readonly stride: number,
  ) {
    this.filter = heNormal([kernel, kernel, inputs, outputs], kernel * kernel * inputs);
    this.gamma = tf.variable(tf.ones([outputs]));
    this.beta = tf.variable(tf.zeros([outputs]));
  }

  /** Convolution, then batch normalisation with the batch's statistics (training mode). */
  apply(x: tf.Tensor4D): tf.Tensor4D {
    const y = tf.conv2d(x, this.filter as tf.Tensor4D, this.stride, 'same');
    // tf.moments + tf.batchNorm where the oneDNN kernels are not loaded.
    return batchNormTraining(y, this.gamma as tf.Tensor1D, this.beta as tf.Tensor1D, epsilon).y;
  }
}

class BasicBlock {
  private readonly first: ConvBatchNorm;
  private readonly second: ConvBatchNorm;
  private readonly shortcut: ConvBatchNorm | undefined;

  constructor(inputs: number, outputs: number, stride: number) {
    this.first = new ConvBatchNorm(3, inputs, outputs, stride);
    this.second = new ConvBatchNorm(3, outputs, outputs, 1);
    this.shortcut =
      stride !== 1 || inputs !== outputs
        ? new ConvBatchNorm(1, inputs, outputs, stride)
        : undefined;
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const y = this.second.apply(tf.relu(this.first.apply(x)));
    return tf.relu(tf.add(y, this.shortcut ? this.shortcut.apply(x) : x)) as tf.Tensor4D;
  }
}

/**
 * Builds the network (stage widths width·[1, 2, 4, 8], 64 in ResNet-18) with seeded weights and
 * returns a step over fixed seeded random pairs of [height, width] inputs, updated by `optimizer`
 * (default tf.train.adam(1e-3); the step disposes it).
 */
export function resnet18RankingStep(
  height: number,
  width: number,
  pairs = 4,
  baseWidth = 64,
  optimizer: tf.Optimizer = tf.train.adam(1e-3),
): RankingStep {
  const stem = new ConvBatchNorm(7, 1, baseWidth, 2);
  const blocks: BasicBlock[] = [];
  let channels = baseWidth;
  for (const [multiple, stride] of [
    [1, 1],
    [2, 2],
    [4, 2],
    [8, 2],
  ] as const) {
    const outputs = baseWidth * multiple;
    blocks.push(new BasicBlock(channels, outputs, stride), new BasicBlock(outputs, outputs, 1));
    channels = outputs;
  }
  const dense = heNormal([8 * baseWidth, 1], 8 * baseWidth);
  const denseBias = tf.variable(tf.zeros([1]));
  const inputs = tf.randomNormal([2 * pairs, height, width, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
  const target = tf.tensor1d(Array.from({ length: pairs }, (_, i) => (i % 2 === 0 ? 1 : -1)));

  const scores = (x: tf.Tensor4D): tf.Tensor1D => {
    let y = tf.maxPool(tf.relu(stem.apply(x)), 3, 2, 'same');
    for (const block of blocks) y = block.apply(y);
    return tf.reshape(tf.add(tf.matMul(tf.mean(y, [1, 2]), dense), denseBias), [-1]);
  };
  // MarginRankingLoss: mean(max(0, −target · (left − right) + margin)), margin 10.
  const loss = (): tf.Scalar => {
    const s = scores(inputs);
    const [left, right] = tf.split(s, 2);
    return tf.mean(
      tf.relu(tf.add(tf.mul(tf.neg(target), tf.sub(left as tf.Tensor, right as tf.Tensor)), 10)),
    );
  };

  return {
    run() {
      return tf.tidy(() => {
        const { value, grads } = tf.variableGrads(loss);
        optimizer.applyGradients(grads as tf.NamedTensorMap as Record<string, tf.Variable>);
        return value.dataSync()[0] as number;
      });
    },
    gradient() {
      return tf.tidy(() => {
        const { grads } = tf.variableGrads(loss);
        return tf
          .concat(Object.values(grads).map((g) => tf.reshape(g, [-1])))
          .dataSync() as Float32Array;
      });
    },
    dispose() {
      optimizer.dispose();
      tf.dispose([inputs, target]);
      tf.disposeVariables();
    },
  };
}
