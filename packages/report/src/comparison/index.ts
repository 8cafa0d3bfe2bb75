export { renderComparison } from './renderComparison.js';
export type { SweepCellResult, SweepComparisonInput } from './sweepInput.js';
