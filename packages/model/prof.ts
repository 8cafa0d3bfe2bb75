import * as tf from '@tensorflow/tfjs-core';
import { createRanker, selectBackend } from './src/index.js';
await selectBackend((process.argv[2] ?? 'wasm') as 'wasm');
const size = 64, B = 4, n = B * size * size;
const m = await createRanker({ inputShape: [size, size], seed: 1 });
const batch = { left: Float32Array.from({ length: n }, () => Math.random()), right: Float32Array.from({ length: n }, () => Math.random()), target: Float32Array.from([1, -1, 1, -1]), count: B };
m.trainStep(batch);
let t = performance.now(); m.trainStep(batch); console.log('step', (performance.now() - t).toFixed(0));
const info = await tf.profile(() => { m.trainStep(batch); });
const agg = new Map<string, number>();
for (const k of info.kernels) { const ms = await (k.kernelTimeMs as unknown as Promise<number> | number); agg.set(k.name, (agg.get(k.name) ?? 0) + (typeof ms === 'number' ? ms : 0)); }
console.log([...agg].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${k} ${v.toFixed(0)}`).join('\n'));
t = performance.now(); m.trainStep(batch); console.log('step', (performance.now() - t).toFixed(0));
