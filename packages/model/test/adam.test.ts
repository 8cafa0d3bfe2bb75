import { describe, expect, it } from 'vitest';
import { Adam, type AdamOptions, type NativeAdamUpdate } from '../src/adam.js';
import { TwoThreadAdamLoop } from '../src/adam-loop.js';
import { selectBackend } from '../src/backend.js';
import { ModelError } from '../src/errors.js';
import { nativeOps } from '../src/native-ops.js';

describe('Adam (torch.optim.Adam / AdamW)', () => {
  it('one L2 step (weight_decay added to the gradient) matches a hand computation', () => {
    const theta = Float32Array.from([1, -2]);
    const adam = new Adam(2, { learningRate: 0.1, weightDecay: 0.5, decoupledWeightDecay: false });
    adam.apply(theta, Float32Array.from([0.5, 3]));
    // g' = g + 0.5θ = [1, 2]; m = 0.1g' = [0.1, 0.2]; v = 0.001g'² = [0.001, 0.004]
    // m̂ = m/0.1 = g'; √v̂ = √(v/0.001) = |g'|; θ ← θ − 0.1 · g'/(|g'| + 1e-8)
    expect(theta[0]).toBeCloseTo(1 - 0.1 * (1 / (1 + 1e-8)), 6);
    expect(theta[1]).toBeCloseTo(-2 - 0.1 * (2 / (2 + 1e-8)), 6);
    expect(Array.from(adam.firstMoment)).toEqual([Math.fround(0.1), Math.fround(0.2)]);
    expect(adam.secondMoment[1]).toBeCloseTo(0.004, 9);
    expect(adam.step).toBe(1);
  });

  it('one AdamW step decays the weights separately from the gradient', () => {
    const theta = Float32Array.from([1, -2]);
    const adam = new Adam(2, { learningRate: 0.1, weightDecay: 0.5, decoupledWeightDecay: true });
    adam.apply(theta, Float32Array.from([0.5, -3]));
    // θ(1 − 0.1·0.5) = [0.95, −1.9]; then − 0.1·sign(g) (first step: m̂/√v̂ = g/|g|)
    expect(theta[0]).toBeCloseTo(0.95 - 0.1, 6);
    expect(theta[1]).toBeCloseTo(-1.9 + 0.1, 6);
  });

  it('second step uses bias-corrected moments', () => {
    const theta = Float32Array.from([0]);
    const adam = new Adam(1, { learningRate: 0.01, weightDecay: 0, decoupledWeightDecay: false });
    adam.apply(theta, Float32Array.from([1]));
    adam.apply(theta, Float32Array.from([3]));
    // m2 = 0.9·0.1 + 0.1·3 = 0.39; v2 = 0.999·0.001 + 0.001·9
    // θ −= (0.01 / (1 − 0.9²)) · m2 / (√v2 / √(1 − 0.999²) + 1e-8)
    const v2 = 0.999 * 0.001 + 0.001 * 9;
    const step2 =
      (0.01 / (1 - 0.9 ** 2)) * (0.39 / (Math.sqrt(v2) / Math.sqrt(1 - 0.999 ** 2) + 1e-8));
    expect(theta[0]).toBeCloseTo(-0.01 - step2, 6);
  });
});

/** Values over several magnitudes and both signs, with exact zeros (an LCG: reproducible). */
function values(length: number, seed: number, scale: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length }, (_, i) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    if (i % 97 === 5) return 0;
    return scale * (state / 2 ** 32 - 0.5) * 10 ** ((state % 5) - 2);
  });
}

/** Runs 5 steps with changing gradients; returns θ, m, v as raw bits. */
function train(length: number, options: AdamOptions): Uint32Array[] {
  const adam = new Adam(length, options);
  const theta = values(length, 1, 1);
  for (let step = 1; step <= 5; step++) adam.apply(theta, values(length, 10 + step, step));
  return [theta, adam.firstMoment, adam.secondMoment].map((a) => new Uint32Array(a.buffer));
}

describe('Adam with a native update', () => {
  const base = { learningRate: 1e-3, weightDecay: 1e-2 };

  it('uses the native pass when it runs, the JavaScript loop when it returns false', () => {
    const theta = Float32Array.from([1, 2]);
    const declines: NativeAdamUpdate = () => false;
    const takesOver: NativeAdamUpdate = (parameters) => {
      parameters.fill(7);
      return true;
    };
    const options = { ...base, decoupledWeightDecay: false };
    new Adam(2, { ...options, native: takesOver }).apply(theta, Float32Array.from([1, 1]));
    expect(Array.from(theta)).toEqual([7, 7]);
    const declined = Float32Array.from([1, 2]);
    const plain = Float32Array.from([1, 2]);
    new Adam(2, { ...options, native: declines }).apply(declined, Float32Array.from([1, -1]));
    new Adam(2, options).apply(plain, Float32Array.from([1, -1]));
    expect(Array.from(declined)).toEqual(Array.from(plain));
    expect(declined[0]).not.toBe(1);
  });

  it('has none except on cpu-onednn', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await selectBackend(backend, () => {});
      expect(nativeOps()).toBeNull();
    }
  });

  // 2^17 + 3 elements run on two OpenMP threads where the machine has them.
  it.for([
    ['Adam (L2)', false],
    ['AdamW (decoupled)', true],
  ] as const)(
    '%s: kernels-onednn bit-identical to the JavaScript loop over 5 steps',
    async ([, decoupled], context) => {
      const loaded = await selectBackend('cpu-onednn', () => {}).then(
        () => true,
        () => false,
      );
      if (!loaded) context.skip('kernels-onednn addon not built');
      const native = nativeOps()?.adamUpdate;
      let calls = 0;
      const counted: NativeAdamUpdate = (...args) => {
        const ran = native?.(...args) ?? false;
        if (ran) calls++;
        return ran;
      };
      for (const length of [1, 7, 1023, 2 ** 17 + 3]) {
        const options = { ...base, decoupledWeightDecay: decoupled };
        calls = 0;
        const fast = train(length, { ...options, native: counted });
        expect(calls).toBe(5);
        const reference = train(length, options);
        for (const [i, name] of ['parameters', 'firstMoment', 'secondMoment'].entries()) {
          const a = fast[i] as Uint32Array;
          const b = reference[i] as Uint32Array;
          const at = a.findIndex((bits, j) => bits !== b[j]);
          expect(at, `${name} (length ${length}) differs at ${at}`).toBe(-1);
        }
      }
    },
  );
});

describe('Adam on two JavaScript threads', () => {
  /** `source` copied onto a SharedArrayBuffer, which lets Adam hand half of it to a helper. */
  function sharedCopy(source: Float32Array): Float32Array {
    const copy = new Float32Array(new SharedArrayBuffer(4 * source.length));
    copy.set(source);
    return copy;
  }

  it.for([
    ['Adam (L2)', false],
    ['AdamW (decoupled)', true],
  ] as const)(
    '%s: bit-identical to one thread over 3 steps (2^20 + 3 parameters)',
    ([, decoupled]) => {
      const length = 2 ** 20 + 3;
      const options = { learningRate: 1e-3, weightDecay: 1e-2, decoupledWeightDecay: decoupled };
      const threaded = new Adam(length, options);
      const single = new Adam(length, options);
      const theta = sharedCopy(values(length, 1, 1));
      const thetaSingle = values(length, 1, 1);
      const gradients = sharedCopy(new Float32Array(length));
      try {
        for (let step = 1; step <= 3; step++) {
          gradients.set(values(length, 10 + step, step));
          threaded.apply(theta, gradients);
          // Not shared: the one-thread loop.
          single.apply(thetaSingle, gradients.slice());
        }
      } finally {
        threaded.dispose();
      }
      const pairs = [
        [theta, thetaSingle],
        [threaded.firstMoment, single.firstMoment],
        [threaded.secondMoment, single.secondMoment],
      ];
      for (const [a, b] of pairs) {
        const x = new Uint32Array(a.buffer);
        const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
        expect(x.findIndex((bits, i) => bits !== y[i])).toBe(-1);
      }
      // Both halves moved: the helper's upper half too.
      expect(theta[length - 1]).not.toBe(values(length, 1, 1)[length - 1]);
      expect(theta[0]).not.toBe(values(length, 1, 1)[0]);
    },
  );
});

describe('TwoThreadAdamLoop without its helper thread', () => {
  it('gives up after its timeout with an error naming the step and the helper’s parameters', async () => {
    const shared = () => new Float32Array(new SharedArrayBuffer(4 * 2 ** 20));
    const loop = TwoThreadAdamLoop.create(shared(), shared(), shared(), shared(), 200);
    expect(loop).not.toBeNull();
    await loop?.dispose();
    expect(() => loop?.run(new Float64Array(9))).toThrow(
      new ModelError(
        'OPTIMISER_FAILED',
        'Adam step 1: the helper thread updating parameters 524288..1048575 did not finish within 0.2 s',
      ),
    );
  });
});

describe('Adam.dispose (issue 17, item 9)', () => {
  it('resolves only once the helper thread has exited: nothing is left running at process exit', async () => {
    const length = 2 ** 20;
    const shared = () => new Float32Array(new SharedArrayBuffer(4 * length));
    const adam = new Adam(length, {
      learningRate: 1e-3,
      weightDecay: 0,
      decoupledWeightDecay: false,
    });
    adam.apply(shared(), shared());
    expect(adam.threads).toBe(2);
    // The helper's Worker, reached through the private field to watch its 'exit' event.
    const worker = (
      adam as unknown as { twoThreads: { worker: import('node:worker_threads').Worker } }
    ).twoThreads.worker;
    let exited = false;
    worker.once('exit', () => {
      exited = true;
    });
    await adam.dispose();
    expect(exited).toBe(true);
  });
});
