export { renderComparison } from './renderComparison.js';
export type { SweepCellResult, SweepComparisonInput, SweepEpoch } from './sweepInput.js';
