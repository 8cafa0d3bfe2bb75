import type { CountSketch } from './count-sketch.js';
import { GradAnalysisError } from './errors.js';
import { GRADIENT_SWEEP_WASM } from './gradient-sweep-wasm.js';
import type { SweepKernels } from './sweep-ranges.js';

// The part of the WebAssembly API used here (TypeScript declares it only in its DOM libraries).
declare const WebAssembly: {
  Memory: new (descriptor: {
    initial: number;
    maximum: number;
    shared: boolean;
  }) => { buffer: ArrayBufferLike };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};

/** An instance of wasm/gradient-sweep.wat over its own shared memory of a given size. */
export interface SweepMemory {
  module: object; // the compiled WebAssembly.Module (one per process)
  memory: object; // the shared WebAssembly.Memory
  memoryId: number; // unique per memory in this process
  buffer: ArrayBufferLike;
  kernels: SweepKernels;
}

/** Values staged per copy (64 KiB of float32): a chunk stays in cache between copy and kernel. */
export const STAGING_CHUNK_VALUES = 16384;

const PAGE = 65536;
const MAX_PAGES = 65536; // 4 GiB, WebAssembly's 32-bit address space
const SIGN_TABLE_BYTES = 16 * 32; // per 4-bit sign nibble, two f64x2 masks

let compiled: object | null = null;
let memories = 0;

/**
 * Allocates `layout.bytes` (the kernels' sign table at address 0, then the caller's regions) and
 * instantiates the kernels over them. `what` names the caller's sizes in the error past 4 GiB.
 */
export function createSweepMemory(layout: SweepLayout, what: string): SweepMemory {
  const pages = Math.ceil(layout.bytes / PAGE);
  if (pages > MAX_PAGES) {
    throw new GradAnalysisError(
      'invalid-option',
      `${what} needs ${(layout.bytes / 2 ** 30).toFixed(1)} GiB of WebAssembly memory; at most 4 GiB`,
    );
  }
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  compiled ??= new WebAssembly.Module(base64Bytes(GRADIENT_SWEEP_WASM));
  const kernels = new WebAssembly.Instance(compiled, { env: { memory } }).exports as SweepKernels;
  const masks = new BigUint64Array(memory.buffer, 0, SIGN_TABLE_BYTES / 8);
  for (let nibble = 0; nibble < 16; nibble++) {
    for (let lane = 0; lane < 4; lane++) {
      masks[nibble * 4 + lane] = (nibble >> lane) & 1 ? 0x8000000000000000n : 0n;
    }
  }
  return { module: compiled, memory, memoryId: memories++, buffer: memory.buffer, kernels };
}

/** Consecutive 16-byte-aligned regions after the sign table: where each array goes. */
export class SweepLayout {
  bytes = SIGN_TABLE_BYTES;
  take(size: number): number {
    const at = this.bytes;
    this.bytes += Math.ceil(size / 16) * 16;
    return at;
  }
}

/** Where a CountSketch's sign bits and block shifts sit in a sweep's memory. */
export interface SketchTables {
  /** Values staged per copy: whole blocks of k, so that a chunk's first coordinate starts a block. */
  chunk: number;
  signsAt: number;
  shiftsAt: number;
  /** Copies the tables into the memory once it exists. */
  write(buffer: ArrayBufferLike): void;
}

/** Reserves `sketch`'s tables in `layout` (the collector's sweep and the sketch-only sweep). */
export function layOutSketchTables(layout: SweepLayout, sketch: CountSketch): SketchTables {
  const { dimension: k, signs, shifts } = sketch;
  const signsAt = layout.take(signs.byteLength);
  const shiftsAt = layout.take(shifts.byteLength);
  return {
    chunk: k * Math.ceil(STAGING_CHUNK_VALUES / k),
    signsAt,
    shiftsAt,
    write(buffer) {
      new Uint32Array(buffer, signsAt, signs.length).set(signs);
      new Int32Array(buffer, shiftsAt, shifts.length).set(shifts);
    },
  };
}

function base64Bytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
