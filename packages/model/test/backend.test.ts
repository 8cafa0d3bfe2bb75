import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { AUTO_ORDER, selectBackend } from '../src/backend.js';
import { ModelError } from '../src/errors.js';

describe('selectBackend', () => {
  it('auto takes the first loadable backend in order and logs one line with the skipped ones', async () => {
    const lines: string[] = [];
    const selection = await selectBackend('auto', (line) => lines.push(line));
    expect(AUTO_ORDER).toEqual(['tensorflow-gpu', 'tensorflow', 'cpu-onednn', 'wasm', 'cpu']);
    const position = AUTO_ORDER.indexOf(selection.name as (typeof AUTO_ORDER)[number]);
    expect(selection.skipped.map((s) => s.name)).toEqual(AUTO_ORDER.slice(0, position));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^backend ${selection.name}: fastest available`));
    for (const { name, why } of selection.skipped) {
      expect(lines[0]).toContain(`${name}: ${why}`);
      expect(why).not.toContain('\n');
    }
  });

  it('a forced backend that cannot load fails with a one-line reason', async () => {
    // No machine of ours has the libtensorflow binding (its install downloads from outside npm).
    const attempt = selectBackend('tensorflow', () => {});
    await expect(attempt).rejects.toBeInstanceOf(ModelError);
    await expect(attempt).rejects.toThrow(
      "backend 'tensorflow' cannot be used: tensorflow: @tensorflow/tfjs-node binding not installed",
    );
  });

  it('webgpu is opt-in and says why it cannot run on a machine without a GPU adapter', async () => {
    const attempt = selectBackend('webgpu', () => {});
    await expect(attempt).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' });
    await expect(attempt).rejects.toThrow(/^backend 'webgpu' cannot be used: webgpu: [^\n]+$/);
  });

  it('forcing wasm registers the convolution-gradient kernels it lacks', async () => {
    const selection = await selectBackend('wasm', () => {});
    expect(selection).toMatchObject({ name: 'wasm', skipped: [] });
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('cpu-onednn selected twice keeps oneDNN kernels; cpu after it is the pure-JavaScript backend again', async (context) => {
    const onednn = () => selectBackend('cpu-onednn', () => {});
    if (
      !(await onednn().then(
        () => true,
        () => false,
      ))
    )
      context.skip('kernels-onednn addon not built');
    await onednn();
    // oneDNN's filter gradient calls the addon; the model's own rewrite (registered first, so
    // that oneDNN's replaces it) calls the backend's Transpose and Conv2D kernels.
    const filterGradient = () => String(tf.getKernel('Conv2DBackpropFilter', 'cpu')?.kernelFunc);
    expect(filterGradient()).toContain('conv2dBackpropFilter');
    expect(tf.getKernel('OneDnnReluGrad', 'cpu')).toBeDefined();
    await selectBackend('cpu', () => {});
    expect(tf.getKernel('OneDnnReluGrad', 'cpu')).toBeUndefined();
    expect(filterGradient()).toContain('Transpose');
  });

  it('rejects an unknown name listing the valid ones', async () => {
    await expect(selectBackend('gpu' as 'cpu')).rejects.toThrow(
      "backend: unknown name 'gpu', expected auto, tensorflow-gpu, tensorflow, cpu-onednn, webgpu, wasm, cpu",
    );
  });
});
