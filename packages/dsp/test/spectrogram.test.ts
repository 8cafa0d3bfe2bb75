import { describe, expect, it } from 'vitest';
import { computeSpectrogram, stft } from '../src/index.js';

const sampleRateHz = 8000;
const amplitude = 0.5;
const tone = Array.from(
  { length: 4096 },
  (_, n) => amplitude * Math.sin((2 * Math.PI * 1000 * n) / sampleRateHz),
);
const base = { nFft: 256, hop: 64, scaling: 'spectrum' } as const; // bin spacing 31.25 Hz

describe('computeSpectrogram', () => {
  it('gives a tone 20·log10(A/2) dB in its bin, for magnitude and power alike', () => {
    const magnitude = computeSpectrogram(tone, sampleRateHz, base);
    const power = computeSpectrogram(tone, sampleRateHz, { ...base, kind: 'power' });
    const [height, width] = magnitude.shape;
    expect(height).toBe(129);
    const row = 32; // 1000 Hz
    expect(magnitude.frequenciesHz[row]).toBe(1000);
    expect(magnitude.data[row * width + 20]).toBeCloseTo(20 * Math.log10(amplitude / 2), 4);
    expect(power.data[row * width + 20]).toBeCloseTo(magnitude.data[row * width + 20], 4);
    const linearPower = computeSpectrogram(tone, sampleRateHz, {
      ...base,
      kind: 'power',
      scale: 'linear',
    });
    expect(linearPower.data[row * width + 20]).toBeCloseTo((amplitude / 2) ** 2, 6);
  });

  it('floors dB values at max − topDb', () => {
    const s = computeSpectrogram(tone, sampleRateHz, { ...base, topDb: 30 });
    const max = Math.max(...s.data);
    const min = Math.min(...s.data);
    expect(max).toBeCloseTo(20 * Math.log10(amplitude / 2), 4);
    expect(min).toBeCloseTo(max - 30, 4);
  });

  it('keeps a band as the native bins, or resamples it to exactly `height` evenly spaced rows', () => {
    const band = { centerHz: 1000, halfWidthHz: 250 };
    const native = computeSpectrogram(tone, sampleRateHz, { ...base, band, scale: 'linear' });
    expect(native.shape[0]).toBe(17); // 750 … 1250 Hz in steps of 31.25 Hz
    expect(native.frequenciesHz[0]).toBe(750);
    expect(native.frequenciesHz[16]).toBe(1250);

    const sized = computeSpectrogram(tone, sampleRateHz, {
      ...base,
      band,
      size: [5, 10],
      scale: 'linear',
    });
    expect(sized.shape).toEqual([5, 10]);
    expect(Array.from(sized.frequenciesHz)).toEqual([750, 875, 1000, 1125, 1250]);
    // 1000 Hz is exactly bin 32: the row equals |X| there; 1015.625 Hz would be halfway.
    const full = stft(tone, sampleRateHz, base);
    const frames = full.shape[1];
    for (let t = 0; t < 10; t++) {
      const expected = Math.hypot(full.real[32 * frames + t], full.imag[32 * frames + t]);
      expect(sized.data[2 * 10 + t]).toBeCloseTo(expected, 6);
    }
    const between = computeSpectrogram(tone, sampleRateHz, {
      ...base,
      band: { centerHz: 1015.625, halfWidthHz: 1 },
      size: [1, 3],
      scale: 'linear',
    });
    const mid = (k: number) => Math.hypot(full.real[k * frames + 1], full.imag[k * frames + 1]);
    expect(between.data[1]).toBeCloseTo((mid(32) + mid(33)) / 2, 6);
  });

  it('crops `width` frames from startS (default 0) and pads short signals with silence at the end', () => {
    const full = computeSpectrogram(tone, sampleRateHz, { ...base, scale: 'linear' });
    const [height, frames] = full.shape;
    const cropped = computeSpectrogram(tone, sampleRateHz, {
      ...base,
      scale: 'linear',
      size: [height, 8],
    });
    for (let r = 0; r < height; r += 16) {
      for (let t = 0; t < 8; t++) expect(cropped.data[r * 8 + t]).toBe(full.data[r * frames + t]);
    }
    const late = computeSpectrogram(tone, sampleRateHz, {
      ...base,
      scale: 'linear',
      size: [height, 8],
      startS: 0.05,
    });
    const startFrame = Math.round((0.05 * sampleRateHz) / 64); // frame 6
    for (let t = 0; t < 8; t++)
      expect(late.data[32 * 8 + t]).toBe(full.data[32 * frames + startFrame + t]);
    expect(late.timesS[0]).toBeCloseTo(full.timesS[startFrame], 12);
    const width = frames + 6;
    const padded = computeSpectrogram(tone, sampleRateHz, { ...base, size: [height, width] });
    const floor = Math.min(...padded.data);
    for (let t = frames; t < width; t++) expect(padded.data[32 * width + t]).toBe(floor);
    expect(padded.timesS[width - 1] - padded.timesS[width - 2]).toBeCloseTo(64 / sampleRateHz, 12);
  });

  it('z-scores each spectrogram with normalize per-spectrogram', () => {
    const s = computeSpectrogram(tone, sampleRateHz, { ...base, normalize: 'per-spectrogram' });
    const mean = s.data.reduce((a, v) => a + v, 0) / s.data.length;
    const variance = s.data.reduce((a, v) => a + (v - mean) ** 2, 0) / s.data.length;
    expect(mean).toBeCloseTo(0, 5);
    expect(variance).toBeCloseTo(1, 5);
  });

  it('rejects a bad size and a band outside the spectrum, naming them', () => {
    expect(() => computeSpectrogram(tone, sampleRateHz, { size: [0, 64] })).toThrow(
      'spectrogram option size must be [height, width] positive integers, got [0,64]',
    );
    expect(() =>
      computeSpectrogram(tone, sampleRateHz, { band: { centerHz: 9000, halfWidthHz: 100 } }),
    ).toThrow('band 9000 ± 100 Hz does not overlap 0 … 4000 Hz (Nyquist)');
  });
});
