import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { GradAnalysisError } from './errors.js';
import { accumulateRange, addRangeNorms, type SweepRange } from './sweep-ranges.js';

/** One half of a sweep, as the helper thread runs it. */
export interface HelperJob {
  op: 'norms' | 'accumulate';
  memoryId: number; // the same id ⇔ the same memory: the helper keeps its instance
  /** The compiled WebAssembly.Module and the sweep's shared memory, sent when memoryId changes. */
  instance: { module: object; memory: object } | null;
  gradient: Float32Array; // on a SharedArrayBuffer
  range: SweepRange;
  batchSize: number;
  offsets: number[];
  lengths: number[];
  /** norms: one partial norm per group; accumulate: [⟨S before, g⟩ over the range]. */
  results: Float64Array; // on a SharedArrayBuffer
}

const TIMEOUT_MS = 60_000;

const helperSource = `
const { workerData } = require('node:worker_threads');
const { receiveMessageOnPort } = require('node:worker_threads');
${addRangeNorms.toString()}
${accumulateRange.toString()}
const { port, control } = workerData;
let seen = 0;
let memoryId = -1;
let memory = null;
let kernels = null;
for (;;) {
  Atomics.wait(control, 0, seen);
  seen = Atomics.load(control, 0);
  let failed = 0;
  try {
    const job = receiveMessageOnPort(port).message;
    if (job.instance !== null) {
      memory = job.instance.memory;
      kernels = new WebAssembly.Instance(job.instance.module, { env: { memory } }).exports;
      memoryId = job.memoryId;
    }
    if (job.memoryId !== memoryId) throw new Error('job for memory ' + job.memoryId + ' without it');
    const buffer = memory.buffer;
    const staged = new Float32Array(buffer, job.range.stageAt, job.range.chunk);
    if (job.op === 'norms') {
      job.results.fill(0);
      addRangeNorms(kernels, staged, job.gradient, job.range, job.offsets, job.lengths, job.results);
    } else {
      new Float64Array(buffer, job.range.sketchAt, job.range.k).fill(0);
      job.results[0] = accumulateRange(kernels, staged, job.gradient, job.range, job.batchSize);
    }
  } catch (error) {
    failed = 1;
    port.postMessage(String((error && error.stack) || error));
  }
  Atomics.store(control, 2, failed);
  Atomics.store(control, 1, seen);
  Atomics.notify(control, 1);
}`;

/**
 * A helper thread that runs the upper half of a sweep while the calling thread runs the lower
 * half: the sweeps are bound by one core's memory traffic, and two cores' traffic adds up. One
 * thread serves every collector (`unref`ed: it never keeps the process alive); jobs go through
 * a MessagePort that the helper reads synchronously when woken, and both sides block on Atomics.
 */
export class SweepHelper {
  private readonly port;
  private readonly worker: Worker;
  private readonly control = new Int32Array(new SharedArrayBuffer(12));
  private generation = 0;

  /** `timeoutMs`: how long {@link wait} waits for an answer (tests shorten it). */
  constructor(private readonly timeoutMs = TIMEOUT_MS) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(helperSource, {
      eval: true,
      workerData: { port: port2, control: this.control },
      transferList: [port2],
    });
    this.worker.unref();
    port1.unref();
  }

  /** The memory the helper holds an instance for: jobs for it need not send it again. */
  memoryId = -1;
  /** Set when a job timed out (the thread is terminated): the next add() starts a new helper. */
  broken = false;

  /** Hands the job to the helper; {@link wait} for it before reading its results. */
  start(job: HelperJob): void {
    this.port.postMessage(job);
    this.memoryId = job.memoryId;
    this.generation++;
    Atomics.store(this.control, 0, this.generation);
    Atomics.notify(this.control, 0);
  }

  wait(): void {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const done = Atomics.load(this.control, 1);
      if (done === this.generation) break;
      const left = deadline - Date.now();
      if (left <= 0) {
        this.broken = true;
        void this.worker.terminate();
        throw new GradAnalysisError(
          'helper-failed',
          `add(): the sweep's helper thread did not answer within ${this.timeoutMs / 1000} s`,
        );
      }
      Atomics.wait(this.control, 1, done, left);
    }
    if (Atomics.load(this.control, 2) !== 0) {
      this.memoryId = -1; // it answered, so it still serves; the next job sends its memory again
      const reason = receiveMessageOnPort(this.port)?.message;
      throw new GradAnalysisError(
        'helper-failed',
        `add(): the sweep's helper thread failed: ${reason ?? 'no reason given'}`,
      );
    }
  }
}

let shared: SweepHelper | null = null;

/** The process's sweep helper thread, started on first use. */
export function sweepHelper(): SweepHelper {
  if (shared === null || shared.broken) shared = new SweepHelper();
  return shared;
}
