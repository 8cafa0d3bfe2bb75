import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

/**
 * Recycled kernel outputs. A ResNet-18 step at 64×64 allocates ~87 MB of outputs (activations,
 * their gradients, the weight gradients) and V8 starts a garbage collection for every 64 MB of
 * new ArrayBuffer memory: ~1 mark-compact and ~2 scavenges a step, 9 % of a seed run's training
 * thread, plus the page faults of fresh memory. PyTorch keeps freed blocks in a caching
 * allocator; this is the same for the cpu backend's outputs from these kernels.
 *
 * A buffer goes back to the pool only when no tensor holds it and nothing outside the backend
 * can: the backend's storage is watched (every `data.set` and `data.delete`, so a stock kernel's
 * view of a pooled buffer, e.g. a simple Slice's subarray, holds it too), and a buffer read
 * through `readSync` (dataSync, data(), arraySync, moving to another backend) is never reused,
 * since the caller may keep that array.
 */

/**
 * Outputs this large are pooled; smaller ones are zeroed arrays of their own (Node carves small
 * unsafe Buffers from one shared pool).
 */
const POOLED_BYTES = 64 * 1024;

/** Free buffers kept at most, in bytes; beyond it a released buffer is left to the GC. */
const MAX_FREE_BYTES = 512 * 1024 * 1024;

interface BufferState {
  holders: number; // backend entries whose values view this buffer
  exposed: boolean; // returned by readSync: never reused
}

const states = new WeakMap<ArrayBufferLike, BufferState>();
const free = new Map<number, ArrayBuffer[]>();
let freeBytes = 0;
let enabled = false;
const watched = new WeakSet<object>();

/**
 * A Float32Array for a kernel output of `backend` that is then written in full: a recycled
 * buffer or fresh uninitialised memory (Buffer.allocUnsafe, no zero-fill pass) when large;
 * small outputs are zeroed arrays of their own.
 */
export function outputArray(backend: MathBackendCPU, length: number): Float32Array {
  watchBackend(backend);
  const bytes = 4 * length;
  if (bytes < POOLED_BYTES) return new Float32Array(length);
  const recycled = free.get(bytes)?.pop();
  if (recycled !== undefined) {
    freeBytes -= bytes;
    return new Float32Array(recycled, 0, length);
  }
  const buffer = Buffer.allocUnsafe(bytes).buffer as ArrayBuffer;
  states.set(buffer, { holders: 0, exposed: false });
  return new Float32Array(buffer, 0, length);
}

/** The state of the pooled buffer under `values`, if it is one. */
function stateOf(values: unknown): BufferState | undefined {
  return ArrayBuffer.isView(values) ? states.get(values.buffer) : undefined;
}

function release(buffer: ArrayBuffer): void {
  if (!enabled || freeBytes + buffer.byteLength > MAX_FREE_BYTES) return;
  const list = free.get(buffer.byteLength);
  if (list) list.push(buffer);
  else free.set(buffer.byteLength, [buffer]);
  freeBytes += buffer.byteLength;
}

/**
 * Watches `backend`'s storage so that outputs come back to the pool when their tensors are
 * disposed; once per backend instance, on its first output from these kernels (tfjs may create
 * a new cpu backend, e.g. when the first tensor replaces the instance `findBackend` made).
 */
function watchBackend(backend: MathBackendCPU): void {
  if (watched.has(backend)) return;
  watched.add(backend);
  const data = backend.data;
  const set = data.set.bind(data);
  data.set = (dataId, entry) => {
    const state = stateOf(entry.values);
    if (state) state.holders++;
    set(dataId, entry);
  };
  const remove = data.delete.bind(data);
  data.delete = (dataId) => {
    // `get` of a missing id would try to move data from another backend.
    const values = data.has(dataId) ? data.get(dataId).values : undefined;
    const removed = remove(dataId);
    const state = stateOf(values);
    if (state && --state.holders === 0 && !state.exposed) {
      release((values as Float32Array).buffer as ArrayBuffer);
    }
    return removed;
  };
  const readSync = backend.readSync.bind(backend);
  backend.readSync = (dataId) => {
    const values = readSync(dataId);
    const state = stateOf(values);
    if (state) state.exposed = true;
    return values;
  };
}

/** Turns recycling on (the kernels are registered) or off, emptying the pool (stock kernels back). */
export function setOutputPooling(on: boolean): void {
  enabled = on;
  if (on) return;
  free.clear();
  freeBytes = 0;
}
