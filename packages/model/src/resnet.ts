import * as tf from '@tensorflow/tfjs-core';
import {
  type BatchNormMode,
  type BatchNormState,
  batchNorm,
  type RunningUpdate,
} from './batch-norm.js';
import { fillNormal, fillUniform } from './random.js';

export type ResNetDepth = 10 | 18 | 34;

/** BasicBlocks per stage (He et al. 2016, table 1; ResNet-10 is the one-block-per-stage variant). */
export const BLOCKS_PER_STAGE: Record<ResNetDepth, [number, number, number, number]> = {
  10: [1, 1, 1, 1],
  18: [2, 2, 2, 2],
  34: [3, 4, 6, 3],
};

/** Channels of the four stages: 64/128/256/512 times the width multiplier (at least 1). */
export function stageChannels(widthMultiplier: number): [number, number, number, number] {
  return [64, 128, 256, 512].map((c) => Math.max(1, Math.round(c * widthMultiplier))) as [
    number,
    number,
    number,
    number,
  ];
}

/**
 * One trainable tensor, named as in torchvision's resnet (conv1.weight, layer2.0.downsample.1.bias,
 * fc.weight …) and listed in the order of PyTorch's model.parameters(). Convolution weights are
 * tfjs's [kh, kw, in, out], not PyTorch's [out, in, kh, kw].
 */
export interface ParameterSpec {
  name: string;
  shape: number[];
  /** torchvision's initialisation of this tensor. */
  init: 'conv' | 'ones' | 'zeros' | 'dense';
}

interface ConvLayer {
  weight: string;
  stride: number;
  pad: number;
  bn: string;
}
interface Block {
  conv1: ConvLayer;
  conv2: ConvLayer;
  downsample: ConvLayer | null;
}

/** The layer graph of a 1-channel-in, 1-score-out ResNet. */
export interface ResNetArchitecture {
  parameters: ParameterSpec[];
  batchNorms: { name: string; channels: number }[];
  stem: ConvLayer;
  blocks: Block[];
}

export function resnetArchitecture(
  depth: ResNetDepth,
  widthMultiplier: number,
): ResNetArchitecture {
  const parameters: ParameterSpec[] = [];
  const batchNorms: { name: string; channels: number }[] = [];
  const conv = (
    prefix: string,
    bnName: string,
    k: number,
    cin: number,
    cout: number,
    stride: number,
  ): ConvLayer => {
    parameters.push({ name: `${prefix}.weight`, shape: [k, k, cin, cout], init: 'conv' });
    parameters.push({ name: `${bnName}.weight`, shape: [cout], init: 'ones' });
    parameters.push({ name: `${bnName}.bias`, shape: [cout], init: 'zeros' });
    batchNorms.push({ name: bnName, channels: cout });
    return { weight: `${prefix}.weight`, stride, pad: Math.floor(k / 2), bn: bnName };
  };
  const channels = stageChannels(widthMultiplier);
  const stem = conv('conv1', 'bn1', 7, 1, channels[0], 2);
  const blocks: Block[] = [];
  let cin = channels[0];
  BLOCKS_PER_STAGE[depth].forEach((count, stage) => {
    const cout = channels[stage];
    for (let b = 0; b < count; b++) {
      const p = `layer${stage + 1}.${b}`;
      const stride = stage > 0 && b === 0 ? 2 : 1;
      const conv1 = conv(`${p}.conv1`, `${p}.bn1`, 3, cin, cout, stride);
      const conv2 = conv(`${p}.conv2`, `${p}.bn2`, 3, cout, cout, 1);
      const downsample =
        stride !== 1 || cin !== cout
          ? conv(`${p}.downsample.0`, `${p}.downsample.1`, 1, cin, cout, stride)
          : null;
      blocks.push({ conv1, conv2, downsample });
      cin = cout;
    }
  });
  parameters.push({ name: 'fc.weight', shape: [cin, 1], init: 'dense' });
  parameters.push({ name: 'fc.bias', shape: [1], init: 'dense' });
  return { parameters, batchNorms, stem, blocks };
}

/**
 * torchvision's initial values: conv kaiming_normal_(mode='fan_out', nonlinearity='relu'),
 * std = √(2 / (out · kh · kw)); BN γ = 1, β = 0; Linear's default U(−1/√fan_in, 1/√fan_in)
 * for weight and bias.
 */
export function initialValues(
  spec: ParameterSpec,
  fcFanIn: number,
  random: () => number,
): Float32Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  if (spec.init === 'conv') {
    const [kh, kw, , out] = spec.shape;
    fillNormal(values, Math.sqrt(2 / (out * kh * kw)), random);
  } else if (spec.init === 'ones') {
    values.fill(1);
  } else if (spec.init === 'dense') {
    fillUniform(values, 1 / Math.sqrt(fcFanIn), random);
  }
  return values;
}

export interface ResNetWeights {
  parameters: Map<string, tf.Variable>;
  batchNorms: Map<string, BatchNormState>;
}

function convBn(
  x: tf.Tensor4D,
  layer: ConvLayer,
  weights: ResNetWeights,
  mode: BatchNormMode,
  updates: RunningUpdate[],
): tf.Tensor4D {
  const filter = weights.parameters.get(layer.weight) as tf.Tensor4D;
  const y = tf.conv2d(x, filter, layer.stride, layer.pad);
  return batchNorm(y, weights.batchNorms.get(layer.bn) as BatchNormState, mode, updates);
}

/**
 * Scores a batch [n, height, width, 1] → [n]: 7×7/2 conv, BN, ReLU, 3×3/2 max-pool (padding 1),
 * four stages of BasicBlocks, global average pooling, dense → 1 (torchvision resnet, NHWC).
 */
export function resnetForward(
  architecture: ResNetArchitecture,
  weights: ResNetWeights,
  x: tf.Tensor4D,
  mode: BatchNormMode,
  updates: RunningUpdate[],
): tf.Tensor1D {
  let h = tf.relu(convBn(x, architecture.stem, weights, mode, updates));
  h = tf.maxPool(h, 3, 2, 1);
  for (const block of architecture.blocks) {
    const shortcut = block.downsample ? convBn(h, block.downsample, weights, mode, updates) : h;
    const y = tf.relu(convBn(h, block.conv1, weights, mode, updates));
    h = tf.relu(tf.add(convBn(y, block.conv2, weights, mode, updates), shortcut)) as tf.Tensor4D;
  }
  const pooled = tf.mean(h, [1, 2]) as tf.Tensor2D;
  const fcWeight = weights.parameters.get('fc.weight') as tf.Tensor2D;
  const fcBias = weights.parameters.get('fc.bias') as tf.Tensor1D;
  return tf.reshape(tf.add(tf.matMul(pooled, fcWeight), fcBias), [x.shape[0]]);
}
