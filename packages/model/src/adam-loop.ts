import { Worker } from 'node:worker_threads';
import { ModelError } from './errors.js';

/**
 * Adam's per-step scalars in the order {@link adamLoop} reads them:
 * [β1, 1 − β1, β2, 1 − β2, l2, shrink, η / (1 − β1ᵗ), √(1 − β2ᵗ), ε].
 */
export type AdamScalars = Float64Array;

/**
 * Adam's update of elements [begin, end) in float64 arithmetic (Adam.apply has the formulas).
 * It references nothing outside itself: its source text is also the helper thread's code.
 */
export function adamLoop(
  parameters: Float32Array,
  gradients: Float32Array,
  m: Float32Array,
  v: Float32Array,
  k: AdamScalars,
  begin: number,
  end: number,
): void {
  const [beta1, oneMinusBeta1, beta2, oneMinusBeta2, l2, shrink, stepSize, sqrtCorrection2] = k;
  const epsilon = k[8];
  for (let i = begin; i < end; i++) {
    const theta = parameters[i];
    const g = gradients[i] + l2 * theta;
    const mi = beta1 * m[i] + oneMinusBeta1 * g;
    const vi = beta2 * v[i] + oneMinusBeta2 * g * g;
    m[i] = mi;
    v[i] = vi;
    parameters[i] = theta * shrink - (stepSize * mi) / (Math.sqrt(vi) / sqrtCorrection2 + epsilon);
  }
}

// control[0]: the generation the main thread asked for; control[1]: the last one finished.
const helperSource = `
const { workerData } = require('node:worker_threads');
const adamLoop = ${adamLoop.toString()};
const { parameters, gradients, m, v, k, control, begin, end } = workerData;
let seen = 0;
for (;;) {
  Atomics.wait(control, 0, seen);
  seen = Atomics.load(control, 0);
  adamLoop(parameters, gradients, m, v, k, begin, end);
  Atomics.store(control, 1, seen);
  Atomics.notify(control, 1);
}`;

/** How long the main thread waits for the helper, by default, before giving up (a helper that died). */
const HELPER_TIMEOUT_MS = 60_000;

function shared(array: Float32Array): boolean {
  return array.buffer instanceof SharedArrayBuffer;
}

/**
 * {@link adamLoop} over four fixed arrays on two threads: a helper thread updates the upper
 * half while the calling thread does the lower half, so a step costs about half (the loop
 * is arithmetic-bound in JavaScript: ~110 ms for 11 M parameters on one thread). The arrays
 * must live on SharedArrayBuffers; the results are those of one thread, bit for bit.
 */
export class TwoThreadAdamLoop {
  private readonly worker: Worker;
  private readonly control = new Int32Array(new SharedArrayBuffer(8));
  private readonly scalars = new Float64Array(new SharedArrayBuffer(9 * 8));
  private readonly split: number;
  private generation = 0;

  /** Null unless all four arrays are shared and long enough to be worth a thread. */
  static create(
    parameters: Float32Array,
    gradients: Float32Array,
    m: Float32Array,
    v: Float32Array,
    timeoutMs = HELPER_TIMEOUT_MS,
  ): TwoThreadAdamLoop | null {
    const arrays = [parameters, gradients, m, v];
    if (parameters.length < 1 << 20 || !arrays.every(shared)) return null;
    return new TwoThreadAdamLoop(parameters, gradients, m, v, timeoutMs);
  }

  private constructor(
    readonly parameters: Float32Array,
    readonly gradients: Float32Array,
    private readonly m: Float32Array,
    private readonly v: Float32Array,
    private readonly timeoutMs: number,
  ) {
    this.split = parameters.length >> 1;
    this.worker = new Worker(helperSource, {
      eval: true,
      workerData: {
        parameters,
        gradients,
        m,
        v,
        k: this.scalars,
        control: this.control,
        begin: this.split,
        end: parameters.length,
      },
    });
    // A model nobody disposed must not keep the process alive.
    this.worker.unref();
  }

  run(k: AdamScalars): void {
    this.scalars.set(k);
    this.generation += 1;
    Atomics.store(this.control, 0, this.generation);
    Atomics.notify(this.control, 0);
    adamLoop(this.parameters, this.gradients, this.m, this.v, this.scalars, 0, this.split);
    const started = Date.now();
    for (;;) {
      const done = Atomics.load(this.control, 1);
      if (done === this.generation) return;
      if (Date.now() - started > this.timeoutMs) {
        throw new ModelError(
          'OPTIMISER_FAILED',
          `Adam step ${this.generation}: the helper thread updating parameters ${this.split}..${this.parameters.length - 1} did not finish within ${this.timeoutMs / 1000} s`,
        );
      }
      Atomics.wait(this.control, 1, done, Math.min(1000, this.timeoutMs));
    }
  }

  /** Stops the helper thread; resolves once it has stopped. */
  async dispose(): Promise<void> {
    await this.worker.terminate();
  }
}
