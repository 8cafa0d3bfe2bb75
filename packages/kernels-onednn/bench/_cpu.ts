import * as tf from '@tensorflow/tfjs-core';
import { loadOneDnnKernels, oneDnnAdam } from '../src/index.js';
import { resnet18RankingStep } from './resnet-step.js';

const [h, w] = process.argv.slice(2).map(Number) as [number, number];
await tf.setBackend('cpu');
loadOneDnnKernels();
const step = resnet18RankingStep(h, w, 4, 64, oneDnnAdam(1e-3));
step.run();
const cpu: number[] = [];
const wall: number[] = [];
for (let i = 0; i < 5; i++) {
  const c = process.cpuUsage();
  const t = performance.now();
  step.run();
  const d = process.cpuUsage(c);
  wall.push(performance.now() - t);
  cpu.push((d.user + d.system) / 1000);
}
const med = (v: number[]) => [...v].sort((a, b) => a - b)[2]!.toFixed(0);
console.log(`tfjs ${h}x${w} cpu ms/step ${med(cpu)} wall ${med(wall)}`);
