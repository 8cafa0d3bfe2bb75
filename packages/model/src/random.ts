/**
 * Seeded pseudo-random numbers in plain JavaScript, so that initial weights and pair sampling
 * are identical on every backend (tfjs's own seeded ops differ between backends).
 */

import { createRng } from '@ranker/dsp';

/** Uniform draws in [0, 1) from dsp's mulberry32 stream (one generator for the project). */
export function createRandom(seed: number): () => number {
  return createRng(seed).next;
}

/** Standard normal draws by the Box–Muller transform (Box & Muller 1958). */
export function fillNormal(target: Float32Array, std: number, random: () => number): void {
  for (let i = 0; i < target.length; i += 2) {
    const u1 = 1 - random(); // in (0, 1], so log(u1) is finite
    const u2 = random();
    const radius = Math.sqrt(-2 * Math.log(u1)) * std;
    target[i] = radius * Math.cos(2 * Math.PI * u2);
    if (i + 1 < target.length) target[i + 1] = radius * Math.sin(2 * Math.PI * u2);
  }
}

/** Uniform draws in [-bound, bound). */
export function fillUniform(target: Float32Array, bound: number, random: () => number): void {
  for (let i = 0; i < target.length; i++) target[i] = (2 * random() - 1) * bound;
}
