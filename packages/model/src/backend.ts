import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as OneDnnModule from '@ranker/kernels-onednn';
import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from './errors.js';
import { registerConvolutionGradientKernels } from './kernels/register.js';
import { useNativeOps } from './native-ops.js';
import { silenceNodeBanner } from './node-banner.js';
import { activateWasm } from './wasm-threads.js';

/** Every backend name a caller may ask for: the one list (the trainer and the CLI import it). */
export const BACKEND_NAMES = [
  'auto',
  'tensorflow-gpu',
  'tensorflow',
  'cpu-onednn',
  'webgpu',
  'wasm',
  'cpu',
] as const;

export type BackendName = (typeof BACKEND_NAMES)[number];

/** What {@link selectBackend} and a run use when no backend is named. */
export const DEFAULT_BACKEND: BackendName = 'auto';

export interface BackendSelection {
  /** The backend in use, as the caller asked for it (e.g. 'cpu-onednn' runs on tfjs's 'cpu'). */
  name: string;
  /** Why this one: "forced" or "fastest available". */
  reason: string;
  /** Faster backends that `auto` tried first, and why each could not be used. */
  skipped: { name: string; why: string }[];
}

/** Order tried by 'auto', fastest first. webgpu is opt-in: it cannot be tested on our machines. */
export const AUTO_ORDER: readonly Exclude<BackendName, 'auto' | 'webgpu'>[] = [
  'tensorflow-gpu',
  'tensorflow',
  'cpu-onednn',
  'wasm',
  'cpu',
];

let active: string | null = null;
/** kernels-onednn's restoreStockKernels once the cpu-onednn backend has loaded, else null. */
let restoreOneDnn: (() => void) | null = null;

/** The name reported by the last successful {@link selectBackend}, or null. */
export function activeBackend(): string | null {
  return active;
}

const require = createRequire(import.meta.url);

/**
 * tfjs-node's install script downloads libtensorflow from a non-npm host, so on our machines the
 * package is present but its binding is not. Requiring it then throws, and requiring the second
 * package after the first failed prints ~150 "kernel already registered" lines: check the file.
 */
function nodeBindingPath(packageName: string): string | null {
  let root: string;
  try {
    root = dirname(require.resolve(`${packageName}/package.json`));
  } catch {
    return null;
  }
  const lib = join(root, 'lib');
  if (!existsSync(lib)) return null;
  for (const entry of readdirSync(lib)) {
    const candidate = join(lib, entry, 'tfjs_binding.node');
    if (entry.startsWith('napi-v') && existsSync(candidate)) return candidate;
  }
  return null;
}

async function activate(tfName: string): Promise<void> {
  const ok = await tf.setBackend(tfName);
  if (!ok) throw new Error(`tf.setBackend('${tfName}') failed to initialise`);
  await tf.ready();
}

/** Loads one backend; resolves to a short detail for the log line or throws with the reason. */
const loaders: Record<Exclude<BackendName, 'auto'>, () => Promise<string>> = {
  'tensorflow-gpu': async () => {
    const binding = nodeBindingPath('@tensorflow/tfjs-node-gpu');
    if (binding === null) throw new Error('@tensorflow/tfjs-node-gpu binding not installed');
    await import('@tensorflow/tfjs-node-gpu' as string);
    await activate('tensorflow');
    return binding;
  },
  tensorflow: async () => {
    const binding = nodeBindingPath('@tensorflow/tfjs-node');
    if (binding === null) throw new Error('@tensorflow/tfjs-node binding not installed');
    await import('@tensorflow/tfjs-node' as string);
    await activate('tensorflow');
    return binding;
  },
  'cpu-onednn': async () => {
    // A variable specifier: the package is optional and may not be built or installed.
    const specifier = '@ranker/kernels-onednn';
    const onednn = (await import(specifier)) as typeof OneDnnModule;
    await import('@tensorflow/tfjs-backend-cpu');
    // From the stock kernels each time: loading twice would otherwise leave our rewrite,
    // registered below, on top of oneDNN's convolution gradients.
    onednn.restoreStockKernels();
    // Ours first, so that kernels oneDNN does not provide still use the fast rewrite.
    registerConvolutionGradientKernels('cpu');
    const result = onednn.loadOneDnnKernels();
    if (!result.ok) throw new Error(result.reason);
    restoreOneDnn = onednn.restoreStockKernels;
    await activate('cpu');
    useNativeOps({
      batchNorm: onednn.batchNormTraining,
      adamUpdate: onednn.adamUpdateInPlace,
      copySquareSum: onednn.copySquareSum,
    });
    return `${result.kernels.length} oneDNN kernels, ${result.threads} threads`;
  },
  webgpu: async () => {
    const { create, globals } = (await import('webgpu' as string)) as {
      create(options: string[]): unknown;
      globals: Record<string, unknown>;
    };
    Object.assign(globalThis, globals);
    // Node 20 has no navigator; tfjs-backend-webgpu looks for navigator.gpu.
    Object.defineProperty(globalThis, 'navigator', {
      value: { gpu: create([]) },
      configurable: true,
      writable: true,
    });
    const gpu = (
      globalThis as unknown as { navigator: { gpu: { requestAdapter(): Promise<unknown> } } }
    ).navigator.gpu;
    if ((await gpu.requestAdapter()) == null) {
      throw new Error('no WebGPU adapter (needs libvulkan1 and a GPU with a Vulkan driver)');
    }
    await import('@tensorflow/tfjs-backend-webgpu' as string);
    await activate('webgpu');
    return 'Dawn via the webgpu package';
  },
  wasm: async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    registerConvolutionGradientKernels('wasm');
    return `SIMD, ${await activateWasm(wasm, () => activate('wasm'))}`;
  },
  cpu: async () => {
    await import('@tensorflow/tfjs-backend-cpu');
    // Both run on tfjs's cpu backend: after cpu-onednn, its kernels must go.
    restoreOneDnn?.();
    registerConvolutionGradientKernels('cpu');
    await activate('cpu');
    return 'pure JavaScript';
  },
};

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/**
 * Chooses and initialises the TensorFlow.js backend for this process. 'auto' tries
 * {@link AUTO_ORDER} and takes the first that loads; any other name forces that backend and
 * throws a ModelError (code BACKEND_UNAVAILABLE) with a one-line reason if it cannot load.
 * Writes one line through `log` (default: stderr) naming the backend and why faster ones were
 * skipped.
 */
export async function selectBackend(
  name: BackendName = DEFAULT_BACKEND,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<BackendSelection> {
  if (name !== 'auto' && !(name in loaders)) {
    throw new ModelError(
      'BACKEND_UNAVAILABLE',
      `backend: unknown name '${name}', expected auto, ${Object.keys(loaders).join(', ')}`,
    );
  }
  await import('@tensorflow/tfjs-backend-cpu');
  silenceNodeBanner();
  // Whatever loads below decides; only the cpu-onednn loader sets native functions.
  useNativeOps(null);
  const candidates = name === 'auto' ? AUTO_ORDER : [name];
  const skipped: { name: string; why: string }[] = [];
  for (const candidate of candidates) {
    try {
      const detail = await loaders[candidate]();
      active = candidate;
      const reason = name === 'auto' ? `fastest available (${detail})` : `forced (${detail})`;
      const skips = skipped.map((s) => `${s.name}: ${s.why}`).join('; ');
      log(`backend ${candidate}: ${reason}${skips ? `; skipped ${skips}` : ''}`);
      return { name: candidate, reason, skipped };
    } catch (error) {
      skipped.push({ name: candidate, why: firstLine(error) });
    }
  }
  const why = skipped.map((s) => `${s.name}: ${s.why}`).join('; ');
  throw new ModelError('BACKEND_UNAVAILABLE', `backend '${name}' cannot be used: ${why}`);
}
