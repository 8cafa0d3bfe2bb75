import * as tf from '@tensorflow/tfjs-core';
import { createRanker, selectBackend } from './src/index.js';
await selectBackend((process.argv[2] ?? 'wasm') as 'wasm', () => {});
const size = 64, B = 4, n = B * size * size;
const m = await createRanker({ inputShape: [size, size], seed: 1 });
const batch = { left: Float32Array.from({ length: n }, () => Math.random()), right: Float32Array.from({ length: n }, () => Math.random()), target: Float32Array.from([1, -1, 1, -1]), count: B };
m.trainStep(batch);
const info = await tf.profile(() => { m.trainStep(batch); });
for (const k of info.kernels) { if (!k.name.startsWith('Conv')) continue; const ms = await (k.kernelTimeMs as unknown as Promise<number>); console.log(k.name, JSON.stringify(k.inputShapes), ms.toFixed(1)); }
