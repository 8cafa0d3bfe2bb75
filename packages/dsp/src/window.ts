import { DspError } from './errors.js';

export type WindowName = 'hann' | 'hamming' | 'rectangular';

/**
 * A periodic ("DFT-even") window of `length` samples, the convention of
 * `scipy.signal.get_window(name, N)` (fftbins=True) and `torch.hann_window(N)` (periodic=True):
 * w[n] = a − (1 − a)·cos(2πn/N), with a = 0.5 (Hann) or 0.54 (Hamming), n = 0 … N−1.
 */
export function createWindow(name: WindowName, length: number): Float64Array {
  if (!Number.isInteger(length) || length < 1) {
    throw new DspError('BAD_OPTION', `window length must be a positive integer, got ${length}`);
  }
  const w = new Float64Array(length);
  if (name === 'rectangular') return w.fill(1);
  if (name !== 'hann' && name !== 'hamming') {
    throw new DspError(
      'BAD_OPTION',
      `window must be 'hann', 'hamming' or 'rectangular', got '${String(name)}'`,
    );
  }
  const a = name === 'hann' ? 0.5 : 0.54;
  for (let n = 0; n < length; n++) w[n] = a - (1 - a) * Math.cos((2 * Math.PI * n) / length);
  return w;
}
