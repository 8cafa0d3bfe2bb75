import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  corrupt,
  createRng,
  DspError,
  FAULT_KINDS,
  generateSyntheticRecordings,
  loadDataset,
  parsePlantSpec,
  plantCounts,
  plantFaults,
  writeSyntheticDataset,
} from '../src/index.js';

const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

/** |DFT| at one frequency (Goertzel's sum written out). */
function magnitudeAt(x: Float32Array, hz: number, rateHz: number): number {
  let re = 0;
  let im = 0;
  for (let n = 0; n < x.length; n++) {
    re += x[n] * Math.cos((2 * Math.PI * hz * n) / rateHz);
    im -= x[n] * Math.sin((2 * Math.PI * hz * n) / rateHz);
  }
  return Math.hypot(re, im);
}

function errorOf(run: () => unknown): DspError {
  try {
    run();
  } catch (error) {
    if (error instanceof DspError) return error;
    throw error;
  }
  throw new Error('expected a DspError');
}

describe('parsePlantSpec', () => {
  it('fractions have a decimal point, counts are whole numbers', () => {
    expect(parsePlantSpec('mislabel=0.1, silent=2,clipped=1.0')).toEqual({
      mislabel: { fraction: 0.1 },
      silent: { count: 2 },
      clipped: { fraction: 1 },
    });
  });

  it('names the flag and every bad item at once', () => {
    const error = errorOf(() => parsePlantSpec('mislabel=1.5,hum=2,silent=-2,clipped', '--plant'));
    expect(error.code).toBe('BAD_PLANT');
    expect(error.message).toContain('--plant: mislabel=1.5 is a fraction outside [0, 1]');
    expect(error.message).toContain(
      "--plant: unknown fault kind 'hum'; expected one of mislabel, silent, clipped, wrong-tone, noise-burst",
    );
    expect(error.message).toContain(
      '--plant: silent=-2 is neither a fraction in [0, 1] nor a whole count',
    );
    expect(error.message).toContain("--plant item 'clipped' is not kind=amount");
  });
});

describe('plantCounts', () => {
  it('round(fraction · recordings); more faults than recordings is refused naming the flag', () => {
    expect(plantCounts({ mislabel: { fraction: 0.1 }, silent: { count: 2 } }, 54)).toMatchObject({
      mislabel: 5,
      silent: 2,
      clipped: 0,
    });
    const error = errorOf(() =>
      plantCounts({ mislabel: { fraction: 0.9 }, silent: { count: 10 } }, 54),
    );
    expect(error.message).toBe(
      '--plant asks for 59 faults (mislabel 49, silent 10) but the dataset has 54 recordings; each recording takes at most one fault',
    );
  });
});

describe('plantFaults', () => {
  const spec = {
    mislabel: { count: 5 },
    silent: { count: 2 },
    clipped: { count: 2 },
    'wrong-tone': { count: 2 },
    'noise-burst': { count: 2 },
  };

  it('seeded, one fault per recording, mislabels move to another angle present, labels only', () => {
    const a = generateSyntheticRecordings({ seed: 3 }).recordings;
    const b = generateSyntheticRecordings({ seed: 3 }).recordings;
    const original = generateSyntheticRecordings({ seed: 3 }).recordings;
    const plantedA = plantFaults(a, spec, 9);
    expect(plantFaults(b, spec, 9)).toEqual(plantedA);
    expect(plantedA).toHaveLength(13);
    expect(new Set(plantedA.map((p) => p.recordingId)).size).toBe(13);
    const angles = new Set(original.map((r) => r.angleDeg));
    for (const fault of plantedA) {
      const i = original.findIndex((r) => r.id === fault.recordingId);
      expect(fault.trueLabel).toBe(original[i].angleDeg);
      expect(a[i].angleDeg).toBe(fault.recordedLabel);
      if (fault.kind === 'mislabel') {
        expect(fault.recordedLabel).not.toBe(fault.trueLabel);
        expect(angles.has(fault.recordedLabel)).toBe(true);
        expect(a[i].samples).toEqual(original[i].samples);
      } else {
        expect(fault.recordedLabel).toBe(fault.trueLabel);
        expect(a[i].samples).not.toEqual(original[i].samples);
      }
    }
    const untouched = original.filter((r) => !plantedA.some((p) => p.recordingId === r.id));
    for (const r of untouched) {
      const i = original.indexOf(r);
      expect(a[i].angleDeg).toBe(r.angleDeg);
      expect(a[i].samples).toEqual(r.samples);
    }
    expect(plantFaults(generateSyntheticRecordings({ seed: 3 }).recordings, spec, 10)).not.toEqual(
      plantedA,
    );
  });

  it('each signal fault does what it says on a clean tone burst', () => {
    const rateHz = 44100;
    const { recordings } = generateSyntheticRecordings({ difficulty: 'easy', anglesDeg: [0, 36] });
    const x = recordings[0].samples;
    const rng = createRng(1);
    const silent = corrupt('silent', x, rng);
    expect(rms(silent)).toBeLessThan(0.05 * rms(x));
    const clipped = corrupt('clipped', x, rng);
    const peak = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(clipped.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeCloseTo(peak, 6);
    expect(clipped.filter((v) => Math.abs(v) === peak).length).toBeGreaterThan(20);
    const tone = corrupt('wrong-tone', x, rng);
    // 3 kHz moves to 4.2 kHz: the energy ratio flips.
    expect(magnitudeAt(x, 3000, rateHz)).toBeGreaterThan(3 * magnitudeAt(x, 4200, rateHz));
    expect(magnitudeAt(tone, 4200, rateHz)).toBeGreaterThan(3 * magnitudeAt(tone, 3000, rateHz));
    const burst = corrupt('noise-burst', x, rng);
    const changed = burst.map((v, n) => (v !== x[n] ? 1 : 0)).reduce((s, v) => s + v, 0);
    expect(changed).toBe(Math.round(0.2 * x.length));
    expect(rms(burst)).toBeGreaterThan(1.2 * rms(x));
    expect(FAULT_KINDS).toContain('noise-burst');
  });
});

describe('loadDataset({ plant })', () => {
  it('synthetic: returns planted, relabels before the spectrograms, says so in the description', async () => {
    const clean = await loadDataset({ seed: 5, size: [32, 32] });
    const dataset = await loadDataset({
      seed: 5,
      size: [32, 32],
      plant: { mislabel: { fraction: 0.1 }, silent: { count: 1 } },
    });
    expect(clean.planted).toBeUndefined();
    expect(dataset.planted).toHaveLength(6);
    expect(dataset.description).toContain(
      'planted {"mislabel":{"fraction":0.1},"silent":{"count":1}} (seed 5)',
    );
    for (const fault of dataset.planted!) {
      const sample = dataset.samples.find((s) => s.id === fault.recordingId)!;
      const before = clean.samples.find((s) => s.id === fault.recordingId)!;
      expect(sample.angleDeg).toBe(fault.recordedLabel);
      expect(before.angleDeg).toBe(fault.trueLabel);
      if (fault.kind === 'silent')
        expect(sample.spectrogram.data).not.toEqual(before.spectrogram.data);
      else expect(sample.spectrogram.data).toEqual(before.spectrogram.data);
    }
  });

  it('a real folder is relabelled the same way; too many faults name the flag', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ranker-plant-'));
    try {
      await writeSyntheticDataset(root, { perClass: 2, anglesDeg: [0, 90, 180] });
      const dataset = await loadDataset({
        source: root,
        size: [32, 32],
        plant: { mislabel: { count: 2 } },
      });
      expect(dataset.planted?.map((p) => p.kind)).toEqual(['mislabel', 'mislabel']);
      for (const fault of dataset.planted!) {
        expect(fault.recordingId).toMatch(
          new RegExp(`deg${String(fault.trueLabel).padStart(3, '0')}`),
        );
      }
      // A signal fault on files: the planted recording is read whole, corrupted, and its analysis
      // window taken from the corrupted samples; every other recording is read as without planting.
      const clean = await loadDataset({ source: root, size: [32, 32] });
      const silent = await loadDataset({
        source: root,
        size: [32, 32],
        plant: { silent: { count: 1 } },
      });
      const [fault] = silent.planted!;
      for (const sample of silent.samples) {
        const before = clean.samples.find((s) => s.id === sample.id)!;
        if (sample.id === fault.recordingId)
          expect(sample.spectrogram.data).not.toEqual(before.spectrogram.data);
        else expect(sample.spectrogram.data).toEqual(before.spectrogram.data);
      }
      await expect(loadDataset({ source: root, plant: { silent: { count: 7 } } })).rejects.toThrow(
        /--plant asks for 7 faults \(silent 7\) but the dataset has 6 recordings/,
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
