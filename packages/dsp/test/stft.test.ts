import { describe, expect, it } from 'vitest';
import { createRng, createWindow, stft } from '../src/index.js';

const at = (x: Float64Array, frames: number, k: number, t: number) => x[k * frames + t];

describe('stft', () => {
  it('matches a hand-computed DFT of two rectangular frames (no centring)', () => {
    // frames [1,2,3,4] and [3,4,5,6]: X0 = 10 | 18, X1 = −2+2i, X2 = −2
    const s = stft([1, 2, 3, 4, 5, 6], 4, {
      nFft: 4,
      hop: 2,
      window: 'rectangular',
      center: false,
    });
    expect(s.shape).toEqual([3, 2]);
    expect(Array.from(s.real)).toEqual([10, 18, -2, -2, -2, -2]);
    expect(Array.from(s.imag)).toEqual([0, 0, 2, 2, 0, 0]);
    expect(Array.from(s.frequenciesHz)).toEqual([0, 1, 2]);
    expect(Array.from(s.timesS)).toEqual([0.5, 1]); // frame centres at samples 2 and 4
  });

  it('matches a hand computation with a Hann window and reflect centre padding (torch.stft)', () => {
    // x = [1,2,3,4] reflect-padded by 2: [3,2,1,2,3,4,3,2]; w = [0, .5, 1, .5]
    // windowed frames [0,1,1,1], [0,1,3,2], [0,2,3,1]
    const s = stft([1, 2, 3, 4], 1, { nFft: 4, hop: 2 });
    expect(s.shape).toEqual([3, 3]);
    const real = [3, 6, 6, -1, -3, -3, -1, 0, 0];
    const imag = [0, 0, 0, 0, 1, -1, 0, 0, 0];
    real.forEach((v, i) => {
      expect(s.real[i]).toBeCloseTo(v, 12);
    });
    imag.forEach((v, i) => {
      expect(s.imag[i]).toBeCloseTo(v, 12);
    });
    expect(Array.from(s.timesS)).toEqual([0, 2, 4]);
  });

  it('zero-pads instead with padMode constant (scipy boundary="zeros")', () => {
    // padded [0,0,1,2,3,4,0,0]; first Hann frame [0,0,1,1] → X0 = 2
    const s = stft([1, 2, 3, 4], 1, { nFft: 4, hop: 2, padMode: 'constant' });
    expect(s.real[0]).toBeCloseTo(2, 12);
  });

  it('equals scipy.signal.stft (scipy 1.17) for the same window and zero boundary', () => {
    // Reference from Python:  x = np.sin(np.arange(50)*0.7) + 0.1*np.arange(50) % 3
    //   f, t, Z = scipy.signal.stft(x, fs=100, window='hann', nperseg=16, noverlap=12, nfft=16,
    //                               boundary='zeros', padded=True);  Z[:3, :4]
    const x = Array.from({ length: 50 }, (_, n) => Math.sin(n * 0.7) + ((0.1 * n) % 3));
    const s = stft(x, 100, { nFft: 16, hop: 4, padMode: 'constant', scaling: 'spectrum' });
    const scipy = [
      [
        [0.361868, 0],
        [0.473278, 0],
        [0.767343, 0],
        [1.244211, 0],
      ],
      [
        [-0.213132, 0.263777],
        [-0.277724, -0.170076],
        [-0.194275, 0.452022],
        [-0.878507, 0.01625],
      ],
      [
        [-0.058761, -0.262688],
        [0.146711, 0.366776],
        [-0.307356, -0.416976],
        [0.416094, 0.208422],
      ],
    ];
    const frames = s.shape[1];
    expect(frames).toBe(13); // scipy's padded=True appends a 14th, zero-extended frame
    scipy.forEach((row, k) => {
      row.forEach(([re, im], t) => {
        expect(s.real[k * frames + t]).toBeCloseTo(re, 5);
        expect(s.imag[k * frames + t]).toBeCloseTo(im, 5);
      });
    });
    expect(Array.from(s.timesS.slice(0, 4))).toEqual([0, 0.04, 0.08, 0.12]);
  });

  it('puts a pure tone in its bin with |X| = A·Σw/2, or A/2 with scaling spectrum', () => {
    const sampleRateHz = 8000;
    const nFft = 256;
    const bin = 32; // 32 · 8000 / 256 = 1000 Hz
    const amplitude = 0.7;
    const x = Array.from(
      { length: 2048 },
      (_, n) => amplitude * Math.cos((2 * Math.PI * 1000 * n) / sampleRateHz + 0.3),
    );
    const raw = stft(x, sampleRateHz, { nFft, hop: 64 });
    const scaled = stft(x, sampleRateHz, { nFft, hop: 64, scaling: 'spectrum' });
    const [bins, frames] = scaled.shape;
    expect(bins).toBe(129);
    expect(frames).toBe(1 + 2048 / 64);
    expect(scaled.frequenciesHz[bin]).toBe(1000);
    for (const t of [4, 10, 20]) {
      const mag = (s: typeof raw, k: number) =>
        Math.hypot(at(s.real, frames, k, t), at(s.imag, frames, k, t));
      expect(mag(raw, bin)).toBeCloseTo((amplitude * nFft) / 4, 8); // Σw = nFft/2
      expect(mag(scaled, bin)).toBeCloseTo(amplitude / 2, 10);
      // periodic Hann leaks exactly A/4 into each neighbour and nothing further
      expect(mag(scaled, bin - 1)).toBeCloseTo(amplitude / 4, 10);
      expect(mag(scaled, bin + 1)).toBeCloseTo(amplitude / 4, 10);
      expect(mag(scaled, bin + 5)).toBeLessThan(1e-10);
    }
  });

  it('satisfies Parseval per frame: Σ (w·x)² = (1/N) Σ_k c_k |X_k|²', () => {
    const rng = createRng(11);
    const nFft = 64;
    const x = Array.from({ length: 640 }, () => rng.normal());
    for (const window of ['rectangular', 'hann'] as const) {
      const s = stft(x, 1, { nFft, hop: nFft, window, center: false });
      const [bins, frames] = s.shape;
      const w = createWindow(window, nFft);
      for (let t = 0; t < frames; t++) {
        let timeEnergy = 0;
        for (let n = 0; n < nFft; n++) timeEnergy += (w[n] * x[t * nFft + n]) ** 2;
        let spectralEnergy = 0;
        for (let k = 0; k < bins; k++) {
          const c = k === 0 || k === bins - 1 ? 1 : 2; // one-sided: other half mirrors 1 … N/2−1
          spectralEnergy +=
            (c * (at(s.real, frames, k, t) ** 2 + at(s.imag, frames, k, t) ** 2)) / nFft;
        }
        expect(spectralEnergy).toBeCloseTo(timeEnergy, 9);
      }
    }
  });

  it('counts frames like torch.stft: 1 + ⌊N/hop⌋ centred, 1 + ⌊(N − nFft)/hop⌋ otherwise', () => {
    const x = new Float64Array(1000);
    expect(stft(x, 1000, { nFft: 256, hop: 256 }).shape).toEqual([129, 4]);
    expect(stft(x, 1000, { nFft: 256, hop: 100, center: false }).shape).toEqual([129, 8]);
  });

  it('rejects bad options and too-short signals with messages naming the field', () => {
    expect(() => stft([1, 2, 3], 1, { nFft: 100 })).toThrow(
      'stft option nFft must be a power of two ≥ 2, got 100',
    );
    expect(() => stft([1, 2, 3], 1, { nFft: 4, hop: 0 })).toThrow(
      'stft option hop must be a positive integer, got 0',
    );
    expect(() => stft([1, 2], 1, { nFft: 8 })).toThrow(
      "reflect padding needs more than nFft/2 = 4 samples, the signal has 2; use padMode 'constant' or a smaller nFft",
    );
    expect(() => stft([1, 2], 1, { nFft: 8, center: false })).toThrow(
      'signal of 2 samples is shorter than one frame (nFft = 8, center = false)',
    );
  });
});
