/**
 * tfjs-backend-wasm ships a multi-threaded XNNPACK build (emscripten pthreads) but turns it off in
 * Node (tensorflow/tfjs#3830). Three things stand in the way, each handled here while the backend
 * initialises, and no global stays patched afterwards:
 *  - tfjs hands the pthread workers their two scripts as Blob URLs, which Node's worker_threads
 *    cannot load: the workers are started from source text instead, with the main script inlined
 *    where the worker script would load it (no files, so nothing to clean up);
 *  - the main script is a function cut out of tfjs's CommonJS bundle and still names the bundle's
 *    module variables (require$$0…, commonjsGlobal): the bundle's own definitions go first;
 *  - tfjs caps the pool at logical cores / 2 (meant for hyper-threaded desktops): while it reads
 *    the core count it sees twice the threads asked for, so a 2-vCPU machine gets 2 threads.
 * The workers start without the parent's Node flags and do not keep the process alive.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';

type WasmPackage = typeof import('@tensorflow/tfjs-backend-wasm');

/** tfjs starts this many pthread workers up front; XNNPACK's pool takes its threads from them. */
export const MAX_WASM_THREADS = 8;

const THREADS_VARIABLE = 'RANKER_WASM_THREADS';
const MAIN_SCRIPT_START = 'var WasmBackendModuleThreadedSimd = ';
/** Where the worker script loads the main script by URL; it evaluates the inlined text instead. */
const MAIN_SCRIPT_LOAD = 'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}';
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
  if (!bundle.includes(JSON.stringify(MAIN_SCRIPT_LOAD).slice(1, -1))) {
    throw new Error(`its worker script no longer contains ${MAIN_SCRIPT_LOAD}`);
  }
  const definitions = bundle.match(BUNDLE_VARIABLE) ?? [];
  for (const name of ["require('os')", 'commonjsGlobal']) {
    if (!definitions.some((line) => line.includes(name))) {
      throw new Error(`its bundle no longer defines ${name} at the top level`);
    }
  }
  return `${definitions.join('\n')}\n`;
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
function unrefWorkers(pthreads: PThreads, PthreadWorker: new () => Worker): void {
  for (const worker of [...pthreads.unusedWorkers, ...pthreads.runningWorkers]) worker.unref();
  pthreads.allocateUnusedWorker = () => pthreads.unusedWorkers.push(new PthreadWorker());
  const load = pthreads.loadWasmModuleToWorker;
  pthreads.loadWasmModuleToWorker = (worker, onFinished) => {
    load(worker, onFinished);
    worker.unref();
  };
}

/** Runs `init` while emscripten's `new Worker(url)` makes a `PthreadWorker`. */
async function withWorkerClass(
  PthreadWorker: new () => Worker,
  init: () => Promise<void>,
): Promise<void> {
  const previous = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  // emscripten assigns worker_threads' Worker to the global first: keep ours.
  Object.defineProperty(globalThis, 'Worker', {
    configurable: true,
    get: () => PthreadWorker,
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
  let mainScript: string | undefined;
  let workerScript: string | undefined;
  const texts = new WeakMap<Blob, string>();
  const NodeBlob = globalThis.Blob;
  class TextBlob extends NodeBlob {
    // tfjs builds both scripts from strings, the main one first.
    constructor(...[parts, options]: ConstructorParameters<typeof NodeBlob>) {
      super(parts, options);
      const text = (parts ?? []).join('');
      texts.set(this, text);
      if (text.startsWith(MAIN_SCRIPT_START)) mainScript = prelude + text;
    }
  }
  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  globalThis.Blob = TextBlob;
  URL.createObjectURL = (blob: Blob) => {
    const text = texts.get(blob);
    if (text === undefined || !text.includes(MAIN_SCRIPT_LOAD)) return createObjectURL(blob);
    if (mainScript === undefined) throw new Error('tfjs asked for the worker script first');
    const inlined = `if(true){(0,eval)(${JSON.stringify(mainScript)})}`;
    workerScript = text.replace(MAIN_SCRIPT_LOAD, inlined);
    return 'tfjs-backend-wasm pthread worker'; // handed to PthreadWorker, which ignores it
  };
  /** None of the parent's Node flags (a TypeScript loader, --input-type) may reach the workers. */
  class PthreadWorker extends Worker {
    constructor() {
      super(workerScript as string, { eval: true, execArgv: [] });
    }
  }
  const cpu = cpus()[0] as os.CpuInfo;
  os.cpus = () => Array.from({ length: 2 * threads }, () => cpu);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
  try {
    await withWorkerClass(PthreadWorker, activate);
  } finally {
    globalThis.Blob = NodeBlob;
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
  }
  unrefWorkers(
    (tf.backend() as unknown as { wasm: { PThread: PThreads } }).wasm.PThread,
    PthreadWorker,
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
