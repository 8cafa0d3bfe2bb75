export { OneDnnAdamOptimizer, oneDnnAdam } from './adam-optimizer.js';
export { type AdamUpdateOptions, adamUpdateInPlace } from './adam-update.js';
export { type BatchNormTrainingResult, batchNormTraining } from './batch-norm-training.js';
export { copySquareSum } from './copy-square-sum.js';
export { OneDnnError } from './errors.js';
export { addonPath } from './native.js';
export { loadOneDnnKernels, type OneDnnLoadResult, restoreStockKernels } from './register.js';
