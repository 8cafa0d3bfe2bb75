import { describe, expect, it } from 'vitest';
import { cellId, cellRunId } from '../src/index.js';

describe('cellId / cellRunId', () => {
  it('names a cell by its grid values in flag order, then the seed', () => {
    expect(cellId({ frequency: 1000, 'batch-size': 2 }, 1)).toBe(
      'frequency=1000,batch-size=2,seed=1',
    );
    expect(cellId({}, 42)).toBe('seed=42');
  });

  it('turns a cell id into a folder name without separators', () => {
    expect(cellRunId('frequency=1000,batch-size=2,seed=1')).toBe(
      'frequency-1000_batch-size-2_seed-1',
    );
    expect(cellRunId('data=/tmp/a b,seed=1')).toBe('data-_tmp_a_b_seed-1');
  });
});
