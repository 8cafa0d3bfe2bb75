import { describe, expect, it } from 'vitest';
import {
  minimumStftSamples,
  planAnalysisWindow,
  spectrogramOfWindow,
} from '../src/analysis-window.js';
import { computeSpectrogram, createRng, type SpectrogramOptions } from '../src/index.js';

describe('analysis window', () => {
  it('a slice gives the whole recording spectrogram bit for bit (200 random set-ups)', () => {
    const rng = createRng(7);
    let sliced = 0;
    for (let trial = 0; trial < 200; trial++) {
      const nFft = 2 ** (3 + rng.integer(5)); // 8 … 128
      const hop = 1 + rng.integer(nFft);
      const options: SpectrogramOptions = {
        nFft,
        hop,
        center: rng.next() < 0.7,
        padMode: rng.next() < 0.5 ? 'reflect' : 'constant',
        size: [4 + rng.integer(8), 1 + rng.integer(24)],
        band: null,
        normalize: rng.next() < 0.5 ? 'per-spectrogram' : 'none',
      };
      const rateHz = 8000;
      const length = minimumStftSamples(options) + rng.integer(4000);
      const signal = Float32Array.from({ length }, () => rng.normal() * 0.1);
      options.startS = (rng.next() * length * 1.1) / rateHz;
      const window = planAnalysisWindow(length, rateHz, options);
      let whole: ReturnType<typeof computeSpectrogram>;
      try {
        whole = computeSpectrogram(signal, rateHz, options);
      } catch {
        continue;
      }
      if (window === null) {
        // Past the last frame: the whole recording gives only padding.
        expect(new Set(whole.data).size).toBeLessThanOrEqual(1);
        continue;
      }
      const slice = signal.subarray(window.read[0], window.read[1]);
      if (slice.length < length) sliced++;
      const part = spectrogramOfWindow(slice, window, rateHz, options);
      expect(part.data).toEqual(whole.data);
      expect(part.timesS).toEqual(whole.timesS);
      expect(part.frequenciesHz).toEqual(whole.frequenciesHz);
    }
    expect(sliced).toBeGreaterThan(100); // most set-ups read a strict part of the recording
  });

  it('covers the samples the kept frames read (hand-computed)', () => {
    // nFft 256, hop 32, centred: frame t reads [32t − 128, 32t + 128).
    const window = planAnalysisWindow(44100, 44100, {
      nFft: 256,
      hop: 32,
      size: [64, 64],
      startS: 0.1,
    });
    // start frame round(0.1 · 44100 / 32) = 138; frames 138 … 201.
    expect(window).toEqual({
      startFrame: 138,
      frames: 64,
      covered: [138 * 32 - 128, 201 * 32 + 128],
      read: [(138 - 9) * 32, (201 + 9) * 32 + 256],
    });
  });

  it('knows the shortest recording the STFT accepts', () => {
    expect(minimumStftSamples({ nFft: 256 })).toBe(129);
    expect(minimumStftSamples({ nFft: 256, padMode: 'constant' })).toBe(1);
    expect(minimumStftSamples({ nFft: 256, center: false })).toBe(256);
    expect(() => computeSpectrogram(new Float32Array(128), 8000, { nFft: 256 })).toThrow();
    expect(() => computeSpectrogram(new Float32Array(129), 8000, { nFft: 256 })).not.toThrow();
    expect(() =>
      computeSpectrogram(new Float32Array(255), 8000, { nFft: 256, center: false }),
    ).toThrow();
    expect(() =>
      computeSpectrogram(new Float32Array(256), 8000, { nFft: 256, center: false }),
    ).not.toThrow();
  });
});
