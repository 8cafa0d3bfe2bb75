import { describe, expect, it } from 'vitest';
import { generateSyntheticRecordings, SEED_ANGLES_DEG, stft } from '../src/index.js';

const energyDb = (x: Float32Array) => 10 * Math.log10(x.reduce((s, v) => s + v * v, 0) / x.length);
const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

describe('generateSyntheticRecordings', () => {
  const plastic = generateSyntheticRecordings();

  it('defaults to the seed set: plastic, 3000 Hz, 6 angles × 9 = 54 recordings', () => {
    expect(plastic.recordings).toHaveLength(54);
    expect(plastic.sampleRateHz).toBe(44100);
    expect(SEED_ANGLES_DEG).toEqual([0, 36, 72, 108, 144, 180]);
    for (const angle of SEED_ANGLES_DEG) {
      expect(plastic.recordings.filter((r) => r.angleDeg === angle)).toHaveLength(9);
    }
    expect(plastic.recordings[12].id).toBe('plastic/3000hz/deg036/003.wav');
    expect(new Set(plastic.recordings.map((r) => r.id)).size).toBe(54);
    expect(plastic.recordings[0].samples.length).toBe(Math.round(0.05 * 44100));
  });

  it('is deterministic per seed, and recordings of one class differ (jitter, noise)', () => {
    const again = generateSyntheticRecordings({ seed: 1 });
    const other = generateSyntheticRecordings({ seed: 2 });
    expect(again.recordings[5].samples).toEqual(plastic.recordings[5].samples);
    expect(other.recordings[5].samples).not.toEqual(plastic.recordings[5].samples);
    expect(plastic.recordings[1].samples).not.toEqual(plastic.recordings[0].samples);
  });

  it('puts the burst energy at the chosen frequency', () => {
    for (const frequencyHz of [500, 3000]) {
      const { recordings } = generateSyntheticRecordings({
        frequencyHz,
        perClass: 1,
        anglesDeg: [0],
      });
      const s = stft(recordings[0].samples, 44100, { nFft: 2048, hop: 2048, center: false });
      const [bins] = s.shape;
      let best = 0;
      for (let k = 1; k < bins; k++)
        if (
          Math.abs(s.real[k]) + Math.abs(s.imag[k]) >
          Math.abs(s.real[best]) + Math.abs(s.imag[best])
        )
          best = k;
      // The direct sound and the echo interfere (a comb with ripples ~1/delay ≈ 70 Hz apart),
      // so the peak may sit a bin or two off; the 4 ms burst's main lobe is ±500 Hz wide.
      expect(Math.abs(s.frequenciesHz[best] - frequencyHz)).toBeLessThan(100);
    }
  });

  it('loses energy monotonically with angle on average, with overlap between neighbours', () => {
    const byAngle = SEED_ANGLES_DEG.map((a) =>
      plastic.recordings.filter((r) => r.angleDeg === a).map((r) => energyDb(r.samples)),
    );
    const means = byAngle.map(mean);
    for (let i = 1; i < means.length; i++) expect(means[i]).toBeLessThan(means[i - 1]);
    // not trivially separable: the two widest angles share an energy range
    expect(Math.max(...byAngle[5])).toBeGreaterThan(Math.min(...byAngle[4]));
  });

  it('gives a weaker, damped echo for box than for plastic with the same draws', () => {
    const box = generateSyntheticRecordings({ material: 'box' });
    box.recordings.forEach((r, i) => {
      expect(energyDb(r.samples)).toBeLessThan(energyDb(plastic.recordings[i].samples));
    });
  });

  it('rejects an unknown material and out-of-range angles by name', () => {
    expect(() => generateSyntheticRecordings({ material: 'glass' })).toThrow(
      "synthetic material 'glass' is unknown; expected one of plastic, box",
    );
    expect(() => generateSyntheticRecordings({ anglesDeg: [0, 200] })).toThrow(
      'synthetic anglesDeg[1] must be an integer in 0 … 180, got 200',
    );
  });
});
