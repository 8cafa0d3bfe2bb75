/**
 * Seeded pseudo-random numbers in plain JavaScript, so that initial weights and pair sampling
 * are identical on every backend (tfjs's own seeded ops differ between backends).
 */

/** mulberry32 (Tommy Ettinger, public domain): 32-bit state, period 2^32, uniform in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
