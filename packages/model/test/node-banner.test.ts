import * as tf from '@tensorflow/tfjs-core';
import { expect, it, vi } from 'vitest';
import { selectBackend } from '../src/backend.js';

// Its own file: the banner prints once per process, on the cpu backend's first tensor.
it("silences the cpu backend's 'install tfjs-node' banner and leaves PROD as it was", async () => {
  const warn = vi.spyOn(console, 'warn');
  await selectBackend('cpu', () => {});
  tf.tensor([1, 2]).dispose();
  const printed = warn.mock.calls.flat().join('\n');
  expect(printed).not.toMatch(/looks like you are running TensorFlow.js in Node.js/);
  expect(tf.env().getBool('PROD')).toBe(false);
  warn.mockRestore();
});
