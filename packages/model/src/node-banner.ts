import * as tf from '@tensorflow/tfjs-core';

/**
 * tfjs's cpu backend prints "Hi, looks like you are running TensorFlow.js in Node.js … install
 * our node backend" on its first tensor write (tfjs-backend-cpu, MathBackendCPU.write), through
 * tfjs's logger, which stays silent while the documented `PROD` flag (tf.enableProdMode) is set.
 * Backend selection here already says which backend runs and why the node one was skipped, so
 * the cpu backend's first write is made here with PROD set for that one call, then PROD is
 * restored: later tfjs warnings still print.
 */
export function silenceNodeBanner(): void {
  if (tf.findBackendFactory('cpu') == null) return;
  const cpu = tf.findBackend('cpu');
  if (cpu == null) return;
  const prod = tf.env().getBool('PROD');
  tf.env().set('PROD', true);
  try {
    cpu.disposeData(cpu.write(new Float32Array(1), [1], 'float32'));
  } finally {
    tf.env().set('PROD', prod);
  }
}
