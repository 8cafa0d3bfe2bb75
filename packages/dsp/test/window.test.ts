import { describe, expect, it } from 'vitest';
import { createWindow, DspError } from '../src/index.js';

describe('createWindow', () => {
  it('gives the periodic Hann and Hamming windows of scipy/torch (N = 4 by hand)', () => {
    // 0.5 − 0.5·cos(2πn/4) and 0.54 − 0.46·cos(2πn/4) for n = 0…3
    expectClose(createWindow('hann', 4), [0, 0.5, 1, 0.5]);
    expectClose(createWindow('hamming', 4), [0.08, 0.54, 1, 0.54]);
    expectClose(createWindow('rectangular', 3), [1, 1, 1]);
  });

  it('rejects an unknown name with a DspError naming it', () => {
    expect(() => createWindow('blackman' as 'hann', 8)).toThrow(
      new DspError(
        'BAD_OPTION',
        "window must be 'hann', 'hamming' or 'rectangular', got 'blackman'",
      ),
    );
  });
});

function expectClose(actual: Float64Array, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => {
    expect(actual[i]).toBeCloseTo(v, 12);
  });
}
