import { describe, expect, it } from 'vitest';
import { GradAnalysisError } from '../src/errors.js';
import { createRandom } from '../src/random.js';
import { scoreRecordings } from '../src/recording-audit.js';
import { createRecordingGradientCollector } from '../src/recording-gradients.js';

describe('createRecordingGradientCollector', () => {
  it('exact path: self-influence Σ‖g‖², alignment cos(g_r, Σ others) by hand', () => {
    const c = createRecordingGradientCollector({ parameterCount: 2 });
    c.add(1, 'a', new Float32Array([1, 0]), 1);
    c.add(1, 'b', new Float32Array([0, 1]), 3);
    c.add(1, 'c', new Float32Array([-1, 0]), 2);
    c.add(2, 'a', new Float32Array([2, 0]), 3);
    c.add(2, 'b', new Float32Array([0, 0]), 0);
    const r = c.result();
    expect(r.path).toBe('exact');
    const byId = Object.fromEntries(r.recordings.map((x) => [x.id, x]));
    // a: epoch 1 rest = b + c = (−1, 1): cos = −1/√2; epoch 2 rest = b = 0: undefined.
    expect(byId.a.alignment).toBeCloseTo(-1 / Math.SQRT2, 12);
    expect(byId.a.selfInfluence).toBe(1 + 4);
    expect(byId.a.loss).toBe(2);
    expect(byId.a.epochs).toEqual([1, 2]);
    // b: epoch 1 rest = a + c = 0: undefined; epoch 2 b = 0: undefined.
    expect(byId.b.alignment).toBeNull();
    expect(byId.c.alignment).toBeCloseTo(-1 / Math.SQRT2, 12);
  });

  it('sketch path (D = 50 000 > k = 4096): alignments within 0.05 of the exact ones', () => {
    const D = 50_000;
    const random = createRandom(3);
    const common = Float32Array.from({ length: D }, () => random.normal());
    const gradients = Array.from({ length: 8 }, (_, i) =>
      Float32Array.from(common, (v) => (i === 0 ? -v : v) + 1.5 * random.normal()),
    );
    const sketched = createRecordingGradientCollector({ parameterCount: D, seed: 1 });
    const exact = createRecordingGradientCollector({ parameterCount: D, sketchDimension: D });
    gradients.forEach((g, i) => {
      sketched.add(1, `r${i}`, g, 0);
      exact.add(1, `r${i}`, g, 0);
    });
    const s = sketched.result();
    const e = exact.result();
    expect(s.path).toBe('sketch');
    expect(e.path).toBe('exact');
    s.recordings.forEach((rec, i) => {
      expect(Math.abs(rec.alignment! - e.recordings[i].alignment!)).toBeLessThan(0.05);
      expect(rec.selfInfluence).toBeCloseTo(e.recordings[i].selfInfluence, 6);
    });
    expect(e.recordings[0].alignment!).toBeLessThan(-0.3); // the planted opposite one
  });

  it('refuses wrong length, non-Float32Array and duplicates by name', () => {
    const c = createRecordingGradientCollector({ parameterCount: 3 });
    expect(() => c.add(1, 'x', new Float32Array(2), 0)).toThrow(
      /x at epoch 1 has 2 values, expected parameterCount 3/,
    );
    expect(() => c.add(1, 'x', [1, 2, 3] as unknown as Float32Array, 0)).toThrow(
      /Float32Array, got \[object Array\]/,
    );
    c.add(1, 'x', new Float32Array(3), 0);
    expect(() => c.add(1, 'x', new Float32Array(3), 0)).toThrow(/added twice/);
  });

  it('refuses a non-finite value on either path, naming it, and keeps nothing of that gradient', () => {
    for (const parameterCount of [3, 50_000]) {
      const c = createRecordingGradientCollector({ parameterCount });
      const gradient = new Float32Array(parameterCount).fill(0.25);
      gradient[parameterCount - 2] = Number.NaN;
      expect(() => c.add(1, 'x', gradient, 0)).toThrow(
        new GradAnalysisError(
          'non-finite',
          `gradient of x at epoch 1: value ${parameterCount - 2} is NaN`,
        ),
      );
      gradient[parameterCount - 2] = 0.25;
      c.add(1, 'x', gradient, 0); // not 'added twice': the refused one left no entry
      expect(c.result().recordings[0].selfInfluence).toBeCloseTo(0.0625 * parameterCount, 6);
    }
  });
});

describe('scoreRecordings', () => {
  it('orients, combines, ranks and flags: a planted low-margin recording is rank 1 and flagged', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const margin = [1, 1.1, 0.9, 1.05, 0.95, -3];
    const selfInfluence = [1, 1.2, 0.8, 1.1, 0.9, 1];
    const result = scoreRecordings(
      ids,
      { margin, selfInfluence },
      {
        signals: ['margin'],
        threshold: 3,
        calibration: 'test',
      },
    );
    expect(result.recordings[0].id).toBe('f');
    expect(result.recordings[0].rank).toBe(1);
    expect(result.recordings[0].flagged).toBe(true);
    expect(result.flagged).toBe(1);
    // robust z of −3: median 0.975, MAD·1.4826 = 0.075·1.4826 → (0.975 + 3)/0.1112 (oriented +)
    expect(result.recordings[0].score).toBeCloseTo((0.975 + 3) / (0.075 * 1.4826), 9);
    const combined = scoreRecordings(
      ids,
      { margin, selfInfluence },
      {
        signals: ['margin', 'selfInfluence'],
        threshold: 3,
        calibration: 'test',
      },
    );
    const f = combined.recordings.find((r) => r.id === 'f')!;
    expect(f.score).toBeCloseTo((f.z.margin! + f.z.selfInfluence!) / 2, 12);
  });

  it('names every defect at once', () => {
    expect(() =>
      scoreRecordings(
        ['a', 'b'],
        { margin: [1] },
        {
          signals: ['margin', 'nope' as 'margin'],
          threshold: Number.NaN,
          calibration: '',
        },
      ),
    ).toThrow(/'nope' is unknown.*threshold is NaN.*'margin' has 1 values, expected 2/);
  });
});
