/**
 * tfjs-backend-wasm ships a multi-threaded XNNPACK build (emscripten pthreads) but turns it off in
 * Node (tensorflow/tfjs#3830). Three things stand in the way, each handled here while the backend
 * initialises, and no global stays patched afterwards:
 *  - tfjs hands the pthread workers their two scripts as Blob URLs, which Node's worker_threads
 *    cannot load: both scripts go to a private temporary folder and the workers get the paths;
 *  - the main script is a function cut out of tfjs's CommonJS bundle and still names the bundle's
 *    module variables (require$$0…, commonjsGlobal): the bundle's own definitions go first;
 *  - tfjs caps the pool at logical cores / 2 (meant for hyper-threaded desktops): while it reads
 *    the core count it sees twice the threads asked for, so a 2-vCPU machine gets 2 threads.
 * The workers start without the parent's Node flags and do not keep the process alive.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';

type WasmPackage = typeof import('@tensorflow/tfjs-backend-wasm');

/** tfjs starts this many pthread workers up front; XNNPACK's pool takes its threads from them. */
export const MAX_WASM_THREADS = 8;

const THREADS_VARIABLE = 'RANKER_WASM_THREADS';
const MAIN_SCRIPT_START = 'var WasmBackendModuleThreadedSimd = ';
/** The worker script's test for a main-script path; it gets the path we wrote instead. */
const WORKER_PATH_TEST = 'typeof e.data.urlOrBlob=="string"';
const BUNDLE_VARIABLE = /^var (?:require\$\$\d+ = require\('[a-z_]+'\)|commonjsGlobal = .+);$/gm;

/** Threads to ask for: RANKER_WASM_THREADS if set, else one per core, at most 8. */
export function wasmThreadCount(
  env: NodeJS.ProcessEnv = process.env,
  cores: number = os.availableParallelism(),
): number {
  const setting = env[THREADS_VARIABLE];
  if (setting === undefined || setting === '') return Math.min(cores, MAX_WASM_THREADS);
  const threads = Number(setting);
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_WASM_THREADS) {
    throw new Error(
      `${THREADS_VARIABLE}: expected a whole number of threads from 1 to ${MAX_WASM_THREADS}, got '${setting}'`,
    );
  }
  return threads;
}

/**
 * The bundle's definitions of the module variables the worker's main script names. Throws, saying
 * what is missing, when the bundle is not the shape this module was written against.
 */
export function bundlePrelude(bundle: string): string {
  if (!bundle.includes(JSON.stringify(WORKER_PATH_TEST).slice(1, -1))) {
    throw new Error(`its worker script no longer contains ${WORKER_PATH_TEST}`);
  }
  const definitions = bundle.match(BUNDLE_VARIABLE) ?? [];
  for (const name of ["require('os')", 'commonjsGlobal']) {
    if (!definitions.some((line) => line.includes(name))) {
      throw new Error(`its bundle no longer defines ${name} at the top level`);
    }
  }
  return `${definitions.join('\n')}\n`;
}

/** Writes the two worker scripts under a fresh folder, removed when the process exits. */
function scriptFolder(): string {
  const folder = mkdtempSync(join(os.tmpdir(), 'ranker-wasm-threads-'));
  process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/**
 * The pthread workers run a plain CommonJS script: none of the parent's flags (a TypeScript
 * loader, --input-type) may reach them.
 */
class PlainWorker extends Worker {
  constructor(script: string) {
    super(script, { execArgv: [] });
  }
}

interface PThreads {
  unusedWorkers: Worker[];
  runningWorkers: Worker[];
  allocateUnusedWorker(): void;
  loadWasmModuleToWorker(worker: Worker, onFinished?: () => void): void;
}

/**
 * Lets Node exit while pthread workers idle, including those XNNPACK starts later. Unref'ing must
 * follow emscripten's loadWasmModuleToWorker: adding its 'message' listener refs the worker again.
 */
function unrefWorkers(pthreads: PThreads, workerScript: string): void {
  for (const worker of [...pthreads.unusedWorkers, ...pthreads.runningWorkers]) worker.unref();
  pthreads.allocateUnusedWorker = () => pthreads.unusedWorkers.push(new PlainWorker(workerScript));
  const load = pthreads.loadWasmModuleToWorker;
  pthreads.loadWasmModuleToWorker = (worker, onFinished) => {
    load(worker, onFinished);
    worker.unref();
  };
}

/** Runs `init` while emscripten's `new Worker(script)` makes a {@link PlainWorker}. */
async function withPlainWorkers(init: () => Promise<void>): Promise<void> {
  const previous = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  // emscripten assigns worker_threads' Worker to the global first: keep ours.
  Object.defineProperty(globalThis, 'Worker', {
    configurable: true,
    get: () => PlainWorker,
    set: () => {},
  });
  try {
    await init();
  } finally {
    if (previous) Object.defineProperty(globalThis, 'Worker', previous);
    else delete (globalThis as { Worker?: unknown }).Worker;
  }
}

/**
 * Initialises tfjs's wasm backend through `activate` with `threads` XNNPACK threads, given the
 * bundle's prelude. Returns the count the backend reports.
 */
async function activateThreaded(
  wasm: WasmPackage,
  threads: number,
  prelude: string,
  activate: () => Promise<void>,
): Promise<number> {
  const folder = scriptFolder();
  const mainScript = join(folder, 'main.cjs');
  const workerScript = join(folder, 'worker.cjs');

  const texts = new WeakMap<Blob, string>();
  const NodeBlob = globalThis.Blob;
  class TextBlob extends NodeBlob {
    // tfjs builds both scripts from strings.
    constructor(...[parts, options]: ConstructorParameters<typeof NodeBlob>) {
      super(parts, options);
      const text = (parts ?? []).join('');
      texts.set(this, text);
      if (text.startsWith(MAIN_SCRIPT_START)) writeFileSync(mainScript, prelude + text);
    }
  }
  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  globalThis.Blob = TextBlob;
  URL.createObjectURL = (blob: Blob) => {
    const text = texts.get(blob);
    if (text === undefined || !text.includes(WORKER_PATH_TEST)) return createObjectURL(blob);
    const pathTest = `(e.data.urlOrBlob=${JSON.stringify(mainScript)},true)`;
    writeFileSync(workerScript, text.replace(WORKER_PATH_TEST, pathTest));
    return workerScript;
  };
  const cpu = cpus()[0] as os.CpuInfo;
  os.cpus = () => Array.from({ length: 2 * threads }, () => cpu);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
  try {
    await withPlainWorkers(activate);
  } finally {
    globalThis.Blob = NodeBlob;
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
  }
  unrefWorkers(
    (tf.backend() as unknown as { wasm: { PThread: PThreads } }).wasm.PThread,
    workerScript,
  );
  return wasm.getThreadsCount();
}

const threadWord = (n: number) => (n === 1 ? '1 thread' : `${n} threads`);

/**
 * Initialises tfjs's wasm backend through `activate`, on {@link wasmThreadCount} threads where
 * tfjs's bundle has the expected shape. Resolves to a detail for the backend line, e.g.
 * "2 threads" or "1 thread (threads unavailable: …)".
 */
export async function activateWasm(
  wasm: WasmPackage,
  activate: () => Promise<void>,
): Promise<string> {
  // tfjs initialises a backend once per process; later selections get the same pool.
  if (tf.findBackend('wasm') !== null) {
    await activate();
    return threadWord(wasm.getThreadsCount());
  }
  const threads = wasmThreadCount();
  if (threads === 1) {
    await activate();
    return process.env[THREADS_VARIABLE]
      ? `1 thread (${THREADS_VARIABLE}=1)`
      : '1 thread (one core)';
  }
  let prelude: string;
  try {
    const require = createRequire(import.meta.url);
    prelude = bundlePrelude(readFileSync(require.resolve('@tensorflow/tfjs-backend-wasm'), 'utf8'));
  } catch (error) {
    await activate();
    return `1 thread (threads unavailable: tfjs-backend-wasm ${(error as Error).message})`;
  }
  return threadWord(await activateThreaded(wasm, threads, prelude, activate));
}
