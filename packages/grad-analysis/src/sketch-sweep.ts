import type { CountSketch } from './count-sketch.js';
import { createSweepMemory, layOutSketchTables, SweepLayout } from './sweep-memory.js';

/**
 * One pass over a gradient that is only sketched, with no running sum (the data audit's
 * per-recording gradients): its exact squared norm and its CountSketch, by the WebAssembly
 * kernels of wasm/gradient-sweep.wat on one thread (a JavaScript loop took ~100 ms per
 * 11.17 M-parameter gradient; README, "Benchmark"). The gradient is staged chunk by chunk.
 */
export interface SketchSweep {
  /**
   * Writes S_k g into `sketchOut` (k values) and returns Σ g_j² in float64, which is not finite
   * exactly when some g_j is not.
   */
  normAndSketch(gradient: Float32Array, sketchOut: Float64Array): number;
}

export function createSketchSweep(sketch: CountSketch): SketchSweep {
  const { inputLength: d, dimension: k } = sketch;
  const layout = new SweepLayout();
  const tables = layOutSketchTables(layout, sketch);
  const { chunk, signsAt, shiftsAt } = tables;
  const staging = Math.min(chunk, d);
  const sketchAt = layout.take(k * 8);
  const stageAt = layout.take(staging * 4);
  const { buffer, kernels } = createSweepMemory(
    layout,
    `parameterCount ${d} with sketchDimension ${k}`,
  );
  tables.write(buffer);
  const staged = new Float32Array(buffer, stageAt, staging);
  const sketched = new Float64Array(buffer, sketchAt, k);
  return {
    normAndSketch(gradient, sketchOut) {
      sketched.fill(0);
      let normSquared = 0;
      for (let from = 0; from < d; from += chunk) {
        const to = Math.min(from + chunk, d);
        staged.set(gradient.subarray(from, to));
        normSquared += kernels.sumSquaresF32(stageAt, to - from);
        const gBase = (stageAt - from * 4) | 0; // value j at gBase + 4j (modulo 2^32)
        kernels.sketch(from, to, k, gBase, signsAt, sketchAt, shiftsAt);
      }
      sketchOut.set(sketched);
      return normSquared;
    },
  };
}
