export { Adam, type AdamOptions } from './adam.js';
export {
  AUTO_ORDER,
  BACKEND_NAMES,
  type BackendName,
  type BackendSelection,
  DEFAULT_BACKEND,
  selectBackend,
} from './backend.js';
export { type BatchNormMode, batchNorm } from './batch-norm.js';
export { directoryHandler } from './checkpoint.js';
export { ModelError, type ModelErrorCode } from './errors.js';
export { registerConvolutionGradientKernels } from './kernels/register.js';
export { marginRankingLoss, marginRankingLossFromScores } from './loss.js';
export { type PairIndex, samplePairs } from './pairs.js';
export {
  createRanker,
  type GradientResult,
  inputShapeProblem,
  MIN_INPUT_SIZE,
  type PairBatch,
  RANKER_DEFAULTS,
  type RankerConfig,
  type RankerModel,
} from './ranker.js';
export { type ParameterSpec, type ResNetDepth, resnetArchitecture } from './resnet.js';
