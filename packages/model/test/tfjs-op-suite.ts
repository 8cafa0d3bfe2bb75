/**
 * Runs TensorFlow.js's own op specs (tfjs-core 4.22.0 ships them: dist/**\/*_test.js, collected
 * by dist/tests.js) under jasmine, once per configuration, in one run. The set-up follows
 * tfjs-backend-cpu's src/run_tests.ts: all gradients and chained ops registered, specs in file
 * order, the same exclude list. Each configuration is a test environment of tfjs's jasmine_util
 * (its describeWithFlags runs every op suite once per environment); before each environment's
 * suite starts, the kernels and gradients captured for that configuration are put in place, so a
 * stock and a modified backend run side by side under the same backend name.
 */
import { createRequire } from 'node:module';
// As run_tests.ts: every gradient and chained op, registered before any configuration is captured.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import {
  type GradConfig,
  getGradient,
  getKernel,
  getKernelsForBackend,
  type KernelConfig,
  registerGradient,
  registerKernel,
  unregisterGradient,
  unregisterKernel,
} from '@tensorflow/tfjs-core';

/** The kernels and gradients registered for one backend at one moment. */
export interface Registrations {
  backendName: string;
  kernels: Map<string, KernelConfig>;
  gradients: Map<string, GradConfig>;
}

/** What is registered for `backendName` now (kernels, and the gradients of those kernels). */
export function captureRegistrations(backendName: string): Registrations {
  const kernels = new Map(getKernelsForBackend(backendName).map((k) => [k.kernelName, k]));
  const gradients = new Map<string, GradConfig>();
  for (const name of kernels.keys()) {
    const gradient = getGradient(name);
    if (gradient !== undefined) gradients.set(name, gradient);
  }
  return { backendName, kernels, gradients };
}

/** Replaces whatever is registered under the names of `all` by exactly `target`'s entries. */
function apply(target: Registrations, all: Registrations[]): void {
  const { backendName } = target;
  const names = new Set(
    all.filter((r) => r.backendName === backendName).flatMap((r) => [...r.kernels.keys()]),
  );
  for (const name of names) {
    if (getKernel(name, backendName) !== undefined) unregisterKernel(name, backendName);
    const kernel = target.kernels.get(name);
    if (kernel !== undefined) registerKernel(kernel);
    if (getGradient(name) !== undefined) unregisterGradient(name);
    const gradient = target.gradients.get(name) ?? otherGradient(name, all);
    if (gradient !== undefined) registerGradient(gradient);
  }
}

/** A gradient no configuration replaced stays (gradients are per kernel, not per backend). */
function otherGradient(name: string, all: Registrations[]): GradConfig | undefined {
  for (const r of all) {
    const gradient = r.gradients.get(name);
    if (gradient !== undefined) return gradient;
  }
  return undefined;
}

export interface SuiteConfiguration {
  /** Unique; tfjs puts it into every spec's name. */
  name: string;
  registrations: Registrations;
}

export type SpecStatus = 'passed' | 'failed' | 'pending' | 'excluded';

export interface SpecOutcome {
  status: SpecStatus;
  /** The first failed expectation's message, for the report. */
  message?: string;
}

/** Outcomes per configuration name, keyed by the spec's full name without the configuration. */
export type SuiteResults = Map<string, Map<string, SpecOutcome>>;

interface JasmineResult {
  description: string;
  fullName: string;
  status: string;
  failedExpectations: { message: string }[];
}

interface JasmineEnv {
  configure(config: Record<string, unknown>): void;
  addReporter(reporter: Record<string, (result: JasmineResult) => void>): void;
  execute(): void;
}

/** tfjs-backend-cpu's src/run_tests.ts exclusions (web workers; fused NCHW not supported). */
function included(name: string): boolean {
  if (name.includes('computation in worker')) return false;
  if (
    name.startsWith('fused conv2d') &&
    (name.includes('basic in NCHW with') || name.includes('im2row in NCHW with'))
  ) {
    return false;
  }
  return true;
}

/**
 * Runs the whole suite once for every configuration and returns each spec's outcome. Loads the
 * specs, so it can run once per process.
 */
export async function runTfjsOpSuite(configurations: SuiteConfiguration[]): Promise<SuiteResults> {
  const require = createRequire(import.meta.url);
  const jasmineCore = require('jasmine-core');
  const jasmine = jasmineCore.boot(jasmineCore);
  jasmine.DEFAULT_TIMEOUT_INTERVAL = 20_000;
  const env = jasmine.getEnv() as JasmineEnv;
  env.configure({ random: false });

  const util = (await import('@tensorflow/tfjs-core/dist/jasmine_util.js')) as {
    setTestEnvs(envs: { name: string; backendName: string; isDataSync: boolean }[]): void;
    setupTestFilters(filters: unknown[], include: (name: string) => boolean): void;
  };
  util.setTestEnvs(
    configurations.map((c) => ({
      name: c.name,
      backendName: c.registrations.backendName,
      isDataSync: true,
    })),
  );
  util.setupTestFilters([], included);

  const all = configurations.map((c) => c.registrations);
  const results: SuiteResults = new Map(configurations.map((c) => [c.name, new Map()]));
  const markers = configurations.map((c) => ({ c, marker: ` ${c.name} {}` }));
  // The innermost configuration named in a spec's full name: 'slice ' nests describeWithFlags
  // in describeWithFlags, and the inner one sets the backend and kernels its specs run on.
  const configurationOf = (fullName: string) => {
    let found: { at: number; marker: (typeof markers)[number] } | undefined;
    for (const marker of markers) {
      const at = fullName.lastIndexOf(`${marker.marker} `);
      if (at >= 0 && (found === undefined || at > found.at)) found = { at, marker };
    }
    return found;
  };
  const done = new Promise<void>((resolve) => {
    env.addReporter({
      // describeWithFlags suites sit at the top level or inside plain describes ('slice ' holds
      // a few): each puts its configuration's kernels in place as it starts.
      suiteStarted(result) {
        const own = markers.find(({ marker }) => result.description.endsWith(marker));
        // Suites outside describeWithFlags are not per configuration: the first one's kernels.
        if (own !== undefined) apply(own.c.registrations, all);
        else if (result.fullName === result.description) apply(all[0] as Registrations, all);
      },
      specDone(result) {
        const found = configurationOf(result.fullName);
        if (found === undefined) return;
        const { at, marker } = found;
        const key = result.fullName.slice(0, at) + result.fullName.slice(at + marker.marker.length);
        results.get(marker.c.name)?.set(key, {
          status: result.status as SpecStatus,
          message: result.failedExpectations[0]?.message,
        });
      },
      jasmineDone() {
        resolve();
      },
    });
  });
  await import('@tensorflow/tfjs-core/dist/tests.js');
  env.execute();
  await done;
  apply(all[0] as Registrations, all);
  return results;
}

export interface Comparison {
  stock: Counts;
  ours: Counts;
  /** Specs that pass on stock and fail (or do not run) with ours, with ours' message. */
  regressions: { spec: string; message: string }[];
  /** Specs that fail on stock and pass with ours. */
  fixed: string[];
}

export interface Counts {
  specs: number;
  passed: number;
  failed: number;
}

function counts(outcomes: Map<string, SpecOutcome>): Counts {
  const ran = [...outcomes.values()].filter((o) => o.status === 'passed' || o.status === 'failed');
  return {
    specs: ran.length,
    passed: ran.filter((o) => o.status === 'passed').length,
    failed: ran.filter((o) => o.status === 'failed').length,
  };
}

export function compare(results: SuiteResults, stock: string, ours: string): Comparison {
  const a = results.get(stock) ?? new Map<string, SpecOutcome>();
  const b = results.get(ours) ?? new Map<string, SpecOutcome>();
  const regressions: Comparison['regressions'] = [];
  const fixed: string[] = [];
  for (const [spec, outcome] of a) {
    const other = b.get(spec);
    if (outcome.status === 'passed' && other?.status !== 'passed') {
      regressions.push({
        spec,
        message: other?.message ?? `not run (${other?.status ?? 'absent'})`,
      });
    }
    if (outcome.status === 'failed' && other?.status === 'passed') fixed.push(spec);
  }
  return { stock: counts(a), ours: counts(b), regressions, fixed };
}

/** A Markdown table of the counts, as the README and the test's output show them. */
export function countsTable(rows: { configuration: string; counts: Counts }[]): string {
  const lines = ['| configuration | specs | passed | failed |', '| --- | ---: | ---: | ---: |'];
  for (const { configuration, counts: c } of rows) {
    lines.push(`| ${configuration} | ${c.specs} | ${c.passed} | ${c.failed} |`);
  }
  return lines.join('\n');
}
