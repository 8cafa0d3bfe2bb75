/**
 * TensorFlow.js's own op suite (tfjs-core 4.22.0, the version this repository pins) against our
 * kernels: `cpu` as selectBackend('cpu-onednn') sets it up (oneDNN kernels over the model's
 * gradient kernels) and as kernels-onednn alone sets it up, and `wasm` with the model's
 * convolution-gradient kernels, each next to the stock backend in the same run. A spec that
 * passes on the stock backend must pass with ours. The suite's ~3870 per-backend specs run once
 * per configuration (45 s in all on a quiet machine, ~190 s on the shared one: the slowest file
 * of this package, tfjs's whole op suite five times). Specs outside tfjs's describeWithFlags
 * (utilities, not per backend) run once and are not compared.
 */
import { writeFileSync } from 'node:fs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend.js';
import {
  type Comparison,
  captureRegistrations,
  compare,
  countsTable,
  runTfjsOpSuite,
  type SuiteConfiguration,
  type SuiteResults,
} from './tfjs-op-suite.js';

const quiet = () => {};
let results: SuiteResults;
let oneDnnMissing: string | null = null;

beforeAll(async () => {
  const configurations: SuiteConfiguration[] = [
    { name: 'cpu', registrations: captureRegistrations('cpu') },
    { name: 'wasm', registrations: captureRegistrations('wasm') },
  ];
  try {
    // The published package alone, as its README shows it: oneDNN over the stock kernels.
    const onednn = await import('@ranker/kernels-onednn');
    const loaded = onednn.loadOneDnnKernels();
    if (!loaded.ok) throw new Error(loaded.reason);
    configurations.push({ name: 'cpu-onednn-kernels', registrations: captureRegistrations('cpu') });
    onednn.restoreStockKernels();
    await selectBackend('cpu-onednn', quiet);
    configurations.push({ name: 'cpu-onednn', registrations: captureRegistrations('cpu') });
  } catch (error) {
    oneDnnMissing = error instanceof Error ? error.message : String(error);
  }
  await selectBackend('wasm', quiet);
  configurations.push({ name: 'wasm-ranker', registrations: captureRegistrations('wasm') });
  results = await runTfjsOpSuite(configurations);
  // Every spec's outcome per configuration, for a closer look at a failure.
  const dump = process.env.RANKER_OP_SUITE_DUMP;
  if (dump) {
    const plain = Object.fromEntries([...results].map(([k, v]) => [k, Object.fromEntries(v)]));
    writeFileSync(dump, JSON.stringify(plain, null, 1));
  }
}, 600_000);

function report(title: string, stockName: string, oursName: string, c: Comparison): void {
  const lines = [
    title,
    countsTable([
      { configuration: stockName, counts: c.stock },
      { configuration: oursName, counts: c.ours },
    ]),
    `${c.regressions.length} specs pass on ${stockName} and fail with ${oursName}; ${c.fixed.length} fail on ${stockName} and pass with ${oursName}.`,
    ...c.regressions.slice(0, 20).map((r) => `  ${r.spec}: ${r.message.split('\n')[0]}`),
  ];
  console.log(lines.join('\n'));
}

describe('tfjs-core 4.22.0 op suite', () => {
  it('every spec that passes on stock cpu passes on cpu-onednn', (context) => {
    if (oneDnnMissing !== null) {
      console.log(`op suite on cpu-onednn skipped: ${oneDnnMissing}`);
      context.skip(oneDnnMissing);
    }
    const c = compare(results, 'cpu', 'cpu-onednn');
    report('tfjs-core op suite, cpu', 'cpu', 'cpu-onednn', c);
    // The suite ran on both: its ~3850 per-backend specs, the same ones.
    expect(c.stock.specs).toBeGreaterThan(3800);
    expect(c.ours.specs).toBe(c.stock.specs);
    expect(c.regressions).toEqual([]);
  });

  it('every spec that passes on stock cpu passes with kernels-onednn loaded alone', (context) => {
    if (oneDnnMissing !== null) {
      console.log(`op suite with kernels-onednn skipped: ${oneDnnMissing}`);
      context.skip(oneDnnMissing);
    }
    const c = compare(results, 'cpu', 'cpu-onednn-kernels');
    report('tfjs-core op suite, cpu', 'cpu', 'cpu + kernels-onednn', c);
    expect(c.stock.specs).toBeGreaterThan(3800);
    expect(c.ours.specs).toBe(c.stock.specs);
    expect(c.regressions).toEqual([]);
  });

  it('every spec that passes on stock wasm passes with the model’s kernels', () => {
    const c = compare(results, 'wasm', 'wasm-ranker');
    report('tfjs-core op suite, wasm', 'wasm', 'wasm + model kernels', c);
    expect(c.stock.specs).toBeGreaterThan(3800);
    expect(c.ours.specs).toBe(c.stock.specs);
    expect(c.regressions).toEqual([]);
  });
});
