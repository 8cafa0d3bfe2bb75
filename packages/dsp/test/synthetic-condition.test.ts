import { describe, expect, it } from 'vitest';
import { describeSyntheticCondition } from '../src/index.js';

describe('describeSyntheticCondition', () => {
  // Echo magnitudes from scipy.signal.freqz([1 − a], [1, −a]) at ω = 2πf/44100,
  // a = exp(−1/(τ·44100)); wavelengths 343 m/s / f.
  it.each([
    ['plastic', 3000, '73.3%', '11.4 cm', 'reflection coefficient 0.9', 'τ = 50 µs'],
    ['box', 3000, '25.8%', '11.4 cm', 'reflection coefficient 0.55', 'τ = 200 µs'],
    ['plastic', 500, '98.8%', '68.6 cm', 'transmission 0.35', 'τ = 50 µs'],
    ['box', 1000, '62.3%', '34.3 cm', 'transmission 0.15', 'τ = 200 µs'],
  ])(
    '%s at %d Hz states the echo gain (scipy freqz), the wavelength and the plate',
    (material, hz, ...parts) => {
      const text = describeSyntheticCondition(material, hz);
      for (const part of parts) expect(text).toContain(part);
    },
  );

  it('names an unknown material and a frequency above Nyquist', () => {
    expect(() => describeSyntheticCondition('glass', 1000)).toThrow(
      "synthetic material 'glass' is unknown; expected one of plastic, box",
    );
    expect(() => describeSyntheticCondition('box', 30000)).toThrow(
      'synthetic frequencyHz must lie in (0, 22050) Hz, got 30000',
    );
  });
});
