import { describe, expect, it } from 'vitest';
import { addSketch, createCountSketch } from '../src/count-sketch.js';

const dot = (x: ArrayLike<number>, y: ArrayLike<number>) => {
  let s = 0;
  for (let j = 0; j < x.length; j++) s += x[j] * y[j];
  return s;
};

/** F(x, y) = |x|²|y|² + ⟨x,y⟩² − 2 Σ_j x_j² y_j² (2 Σ_{i<j} (x_i y_j + x_j y_i)²). */
const pairTerms = (x: number[], y: number[]) => {
  let diagonal = 0;
  for (let j = 0; j < x.length; j++) diagonal += x[j] * x[j] * y[j] * y[j];
  return dot(x, x) * dot(y, y) + dot(x, y) ** 2 - 2 * diagonal;
};

describe('createCountSketch (block-shifted buckets, random signs)', () => {
  // D = 40 in blocks of k = 8, with most of x and y inside block 0: a fully random bucket map
  // would make those coordinates collide, the block-shifted one never does, so the two variance
  // formulas differ by a factor of ~3 and the test can tell them apart.
  const k = 8;
  const x = Array.from({ length: 40 }, (_, j) => (j < 8 ? 1 + 0.1 * j : 0.2 * Math.sin(j)));
  const y = Array.from({ length: 40 }, (_, j) => (j < 8 ? 1 - 0.05 * j : 0.3 * Math.cos(j)));
  const blocks = [0, 8, 16, 24, 32].map((from) => [
    x.slice(from, from + 8),
    y.slice(from, from + 8),
  ]);
  const blockVariance =
    (pairTerms(x, y) - blocks.reduce((s, [xc, yc]) => s + pairTerms(xc, yc), 0)) / k;
  const fullyRandomVariance = pairTerms(x, y) / k;

  it('is unbiased with the closed-form variance (F(x,y) − Σ_blocks F(x_c,y_c)) / k over 20 000 seeds', () => {
    const trials = 20000;
    const values: number[] = [];
    for (let seed = 0; seed < trials; seed++) {
      const sketch = createCountSketch(40, k, seed);
      const sx = new Float64Array(k);
      const sy = new Float64Array(k);
      addSketch(sketch, x, sx);
      addSketch(sketch, y, sy);
      values.push(dot(sx, sy));
    }
    const mean = values.reduce((a, b) => a + b, 0) / trials;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (trials - 1);
    expect(Math.abs(mean - dot(x, y))).toBeLessThan(4 * Math.sqrt(blockVariance / trials));
    expect(fullyRandomVariance / blockVariance).toBeGreaterThan(2.5);
    // the sample variance's relative standard error here is ~2 %
    expect(variance / blockVariance).toBeGreaterThan(0.9);
    expect(variance / blockVariance).toBeLessThan(1.1);
  });

  it('sends each block to consecutive buckets from its shift and a coordinate to one bucket', () => {
    const sketch = createCountSketch(21, 8, 3); // blocks of 8, 8 and 5
    expect(sketch.shifts.length).toBe(3);
    expect(sketch.signs.length).toBe(1);
    for (let j = 0; j < 21; j++) {
      const unit = new Float64Array(21);
      unit[j] = 1;
      const out = new Float64Array(8);
      addSketch(sketch, unit, out);
      const bucket = (sketch.shifts[Math.floor(j / 8)] + (j % 8)) % 8;
      const sign = (sketch.signs[0] >>> j) & 1 ? -1 : 1;
      expect(Array.from(out)).toEqual(
        Array.from({ length: 8 }, (_, q) => (q === bucket ? sign : 0)),
      );
    }
  });

  it('is reproducible from its seed', () => {
    expect(createCountSketch(1000, 64, 7)).toEqual(createCountSketch(1000, 64, 7));
    expect(createCountSketch(1000, 64, 7).signs).not.toEqual(createCountSketch(1000, 64, 8).signs);
  });
});
