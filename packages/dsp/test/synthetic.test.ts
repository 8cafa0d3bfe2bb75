import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEED,
  generateSyntheticRecordings,
  SEED_ANGLES_DEG,
  type SyntheticNuisance,
  stft,
} from '../src/index.js';

const energyDb = (x: Float32Array) => 10 * Math.log10(x.reduce((s, v) => s + v * v, 0) / x.length);
const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const firstNonZero = (x: ArrayLike<number>) => Array.prototype.findIndex.call(x, (v) => v !== 0);

/** Every nuisance off: the nominal geometry, exactly, with no noise or room. */
const STILL: SyntheticNuisance = {
  burstS: 0.004,
  receiverAngleSdDeg: 0,
  plateAngleSdDeg: 0,
  radiusSdM: 0,
  gainSdDb: 0,
  triggerJitterS: 0,
  frequencyDriftSd: 0,
  noiseRms: [0, 0],
  roomReflections: 0,
  roomReflectionCoefficient: [0, 0],
  roomExtraPathM: [0, 0],
  criticalDistanceM: Number.POSITIVE_INFINITY,
  rt60S: [0, 0],
};
const still = (angleDeg: number, nuisance: Partial<SyntheticNuisance> = {}, perClass = 1) =>
  generateSyntheticRecordings({
    anglesDeg: [angleDeg],
    perClass,
    nuisance: { ...STILL, ...nuisance },
  }).recordings;

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
    const again = generateSyntheticRecordings({ seed: DEFAULT_SEED }); // `plastic` was made with the default;
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
        difficulty: 'easy',
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

  it('easy: loses energy monotonically with angle on average, with overlap between neighbours', () => {
    const easy = generateSyntheticRecordings({ difficulty: 'easy' });
    const byAngle = SEED_ANGLES_DEG.map((a) =>
      easy.recordings.filter((r) => r.angleDeg === a).map((r) => energyDb(r.samples)),
    );
    const means = byAngle.map(mean);
    for (let i = 1; i < means.length; i++) expect(means[i]).toBeLessThan(means[i - 1]);
    expect(Math.max(...byAngle[5])).toBeGreaterThan(Math.min(...byAngle[4]));
  });

  it('easy: gives a weaker, damped echo for box than for plastic with the same draws', () => {
    const easy = generateSyntheticRecordings({ difficulty: 'easy' });
    const box = generateSyntheticRecordings({ material: 'box', difficulty: 'easy' });
    box.recordings.forEach((r, i) => {
      expect(energyDb(r.samples)).toBeLessThan(energyDb(easy.recordings[i].samples));
    });
  });

  it('starts the direct sound at emission + path / c (0°: 5 ms + 0.25 m / 343 m/s)', () => {
    // 0.005 s + 0.25 / 343 s = 5.7289 ms = sample 252.64 at 44.1 kHz: the first non-zero is 253
    expect(firstNonZero(still(0)[0].samples)).toBe(253);
    // trigger jitter 2 ms delays the onset by U(0, 4 ms) = 0 … 176.4 samples, differently per take
    const onsets = still(0, { triggerJitterS: 0.002 }, 9).map((r) => firstNonZero(r.samples));
    for (const onset of onsets) expect(onset - 253).toBeGreaterThanOrEqual(0);
    for (const onset of onsets) expect(onset - 253).toBeLessThanOrEqual(177);
    expect(new Set(onsets).size).toBeGreaterThan(1);
  });

  it('sounds the tone for burstS seconds: energy ∝ burst length, same onset', () => {
    // A Hann-shaped tone of N samples has energy A²·N·(3/8)·(1/2) (mean of hann² is 3/8, of
    // sin² 1/2), so 20 ms carries 5× the energy of 4 ms. At 180° direct sound and echo arrive
    // together (paths 5.006 and 5 m) and add up the same way for both lengths.
    const energy = (x: Float32Array) => x.reduce((s, v) => s + v * v, 0);
    const short = still(180, { burstS: 0.004 })[0].samples;
    const long = still(180, { burstS: 0.02 })[0].samples;
    expect(energy(long) / energy(short)).toBeCloseTo(5, 1);
    expect(firstNonZero(long)).toBe(firstNonZero(short));
  });

  it('places each take at the nominal angle plus N(0, receiverAngleSdDeg²) (recovered from its onset)', () => {
    // Invert the direct path: onset → d = c·(t − 5 ms) → θ = acos((2r² + h² − d²) / (2r²)).
    const angleOf = (samples: Float32Array) => {
      const d = 343 * (firstNonZero(samples) / 44100 - 0.005);
      return (Math.acos((2 * 2.5 ** 2 + 0.25 ** 2 - d * d) / (2 * 2.5 ** 2)) * 180) / Math.PI;
    };
    const angles = still(90, { receiverAngleSdDeg: 10 }, 60).map((r) => angleOf(r.samples));
    const mean = angles.reduce((s, a) => s + a, 0) / angles.length;
    const sd = Math.sqrt(angles.reduce((s, a) => s + (a - mean) ** 2, 0) / (angles.length - 1));
    // 60 draws: the mean's standard error is 10/√60 ≈ 1.3°, the SD's about 10/√118 ≈ 0.9°
    // (onsets are whole samples, 0.008 m ≈ 0.1° of angle here)
    expect(Math.abs(mean - 90)).toBeLessThan(4);
    expect(sd).toBeGreaterThan(7.3);
    expect(sd).toBeLessThan(12.7);
  });

  it('adds room reflections only after the direct sound plus the shortest extra path', () => {
    const dry = still(0)[0].samples;
    const room = still(0, {
      roomReflections: 3,
      roomReflectionCoefficient: [0.5, 0.5],
      roomExtraPathM: [0.3, 1],
    })[0].samples;
    const reflections = room.map((v, i) => v - dry[i]);
    // 5 ms + (0.25 + 0.3) m / 343 m/s = 6.6035 ms = sample 291.2
    expect(firstNonZero(reflections)).toBeGreaterThanOrEqual(292);
    // … and no later than the longest: 5 ms + 1.25 m / 343 m/s = sample 381.2
    expect(firstNonZero(reflections)).toBeLessThanOrEqual(382);
  });

  it('adds white noise of the configured RMS, drawn log-uniformly over the range per take', () => {
    const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
    const residual = (noiseRms: [number, number], perClass: number) => {
      const dry = still(90, {}, perClass);
      return still(90, { noiseRms }, perClass).map((r, k) =>
        rms(r.samples.map((v, i) => v - dry[k].samples[i])),
      );
    };
    // A fixed level: the residual is N(0, σ²) noise over 2205 samples, whose sample RMS has a
    // relative standard error of 1/√(2·2205) ≈ 1.5 %, so 5 % is over 3 standard errors.
    for (const measured of residual([0.05, 0.05], 4)) expect(measured / 0.05).toBeCloseTo(1, 1);
    // A range: log σ is uniform on [log 0.01, log 1], so half the takes lie below the geometric
    // mean 0.1 and all inside the range (allowing the 5 % sampling error).
    const levels = residual([0.01, 1], 40);
    for (const level of levels) expect(level).toBeGreaterThan(0.0095);
    for (const level of levels) expect(level).toBeLessThan(1.05);
    const below = levels.filter((level) => level < 0.1).length;
    expect(below).toBeGreaterThanOrEqual(12); // Binomial(40, ½): 20 ± 3.2, so 12…28 is ±2.5 σ
    expect(below).toBeLessThanOrEqual(28);
  });

  it('scales the reverberant tail as 1 / critical distance (tail energy ∝ 1 / r_c²)', () => {
    const dry = still(90)[0].samples;
    const tail = (criticalDistanceM: number) =>
      still(90, { criticalDistanceM, rt60S: [0.3, 0.3] })[0].samples.map((v, i) => v - dry[i]);
    const near = tail(0.5);
    const far = tail(1);
    expect(energyDb(far)).toBeGreaterThan(-100);
    far.forEach((v, i) => {
      expect(near[i]).toBeCloseTo(2 * v, 5);
    });
  });

  it('hard (default) differs from easy, and each preset is deterministic', () => {
    const easy = generateSyntheticRecordings({ difficulty: 'easy' });
    expect(easy.recordings[5].samples).not.toEqual(plastic.recordings[5].samples);
    expect(generateSyntheticRecordings({ difficulty: 'easy' }).recordings[5].samples).toEqual(
      easy.recordings[5].samples,
    );
    expect(generateSyntheticRecordings({ difficulty: 'hard' }).recordings[5].samples).toEqual(
      plastic.recordings[5].samples,
    );
  });

  it('rejects an unknown difficulty and bad nuisance fields by name', () => {
    expect(() => generateSyntheticRecordings({ difficulty: 'brutal' as 'hard' })).toThrow(
      "synthetic difficulty 'brutal' is unknown; expected one of easy, realistic, hard",
    );
    expect(() => generateSyntheticRecordings({ nuisance: { roomReflections: 2.5 } })).toThrow(
      'synthetic nuisance.roomReflections must be a non-negative integer, got 2.5',
    );
    expect(() => generateSyntheticRecordings({ nuisance: { noiseRms: [0.1, 0.01] } })).toThrow(
      'synthetic nuisance.noiseRms must be [min, max] with 0 < min ≤ max < ∞ (drawn log-uniformly), or [0, 0] for no noise, got [0.1,0.01]',
    );
    expect(() => generateSyntheticRecordings({ nuisance: { noiseRms: [0, 0.1] } })).toThrow(
      'synthetic nuisance.noiseRms must be [min, max] with 0 < min ≤ max < ∞ (drawn log-uniformly), or [0, 0] for no noise, got [0,0.1]',
    );
    expect(() => generateSyntheticRecordings({ nuisance: { rt60S: [0.5] as never } })).toThrow(
      'synthetic nuisance.rt60S must be [min, max] with 0 ≤ min ≤ max < ∞, got [0.5]',
    );
    expect(() => generateSyntheticRecordings({ nuisance: { snrDb: 3 } as never })).toThrow(
      'synthetic nuisance.snrDb is not a nuisance field; expected one of burstS, receiverAngleSdDeg,',
    );
    expect(() => generateSyntheticRecordings({ nuisance: { gainSdDb: -1 } })).toThrow(
      'synthetic nuisance.gainSdDb must be a finite number ≥ 0, got -1',
    );
    expect(() =>
      generateSyntheticRecordings({ nuisance: { roomReflectionCoefficient: [0.5, 1.5] } }),
    ).toThrow(
      'synthetic nuisance.roomReflectionCoefficient must be [min, max] with 0 ≤ min ≤ max ≤ 1, got [0.5,1.5]',
    );
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
