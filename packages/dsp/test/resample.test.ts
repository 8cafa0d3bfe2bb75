import { describe, expect, it } from 'vitest';
import { resampleLinear } from '../src/index.js';

describe('resampleLinear', () => {
  it('reproduces a straight line exactly and keeps the duration', () => {
    const ramp = Float32Array.from({ length: 11 }, (_, n) => n / 10); // 0 … 1 over 10 intervals at 10 Hz
    const up = resampleLinear(ramp, 10, 25);
    expect(up.length).toBe(26); // 0 … 1 s inclusive at 25 Hz
    up.forEach((v, j) => {
      expect(v).toBeCloseTo(j / 25, 6);
    });
    const down = resampleLinear(ramp, 10, 5);
    expect(Array.from(down)).toEqual(Array.from(ramp.filter((_, i) => i % 2 === 0)));
  });

  it('keeps a low-frequency sine within the linear-interpolation error bound', () => {
    const sine = (rate: number, n: number) => Math.sin((2 * Math.PI * 100 * n) / rate);
    const x = Float32Array.from({ length: 4410 }, (_, n) => sine(44100, n));
    const y = resampleLinear(x, 44100, 48000);
    // error ≤ h²/8 · max|x''| = (1/44100)²/8 · (2π·100)² ≈ 2.5e-5
    y.forEach((v, j) => {
      if (j < y.length - 1) expect(Math.abs(v - sine(48000, j))).toBeLessThan(3e-5);
    });
  });
});
