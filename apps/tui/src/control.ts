/**
 * Pause / stop / report requests from the UI to the training worker through shared memory.
 * Training steps are synchronous inside the worker, so a posted message would only be read
 * between epochs; a shared flag is read at every batch, and `Atomics.wait` parks the worker
 * thread while paused — the trainer really stops, the UI thread keeps running.
 */
const PAUSE = 0;
const STOP = 1;
const REPORT = 2;
const SLOTS = 3;

export class RunControl {
  readonly buffer: SharedArrayBuffer;
  private readonly flags: Int32Array;

  constructor(buffer = new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT)) {
    this.buffer = buffer;
    this.flags = new Int32Array(buffer);
  }

  pause(): void {
    Atomics.store(this.flags, PAUSE, 1);
  }

  resume(): void {
    Atomics.store(this.flags, PAUSE, 0);
    Atomics.notify(this.flags, PAUSE);
  }

  /** Ask for a graceful stop (checkpoint + partial report); also releases a paused worker. */
  stop(): void {
    Atomics.store(this.flags, STOP, 1);
    this.resume();
  }

  requestReport(): void {
    Atomics.store(this.flags, REPORT, 1);
  }

  get paused(): boolean {
    return Atomics.load(this.flags, PAUSE) === 1;
  }

  get stopRequested(): boolean {
    return Atomics.load(this.flags, STOP) === 1;
  }

  /** True once per request: the caller renders the report. */
  takeReportRequest(): boolean {
    return Atomics.exchange(this.flags, REPORT, 0) === 1;
  }

  /**
   * Worker side, called between steps: blocks the calling thread while paused. `onPause` runs
   * once before blocking, `onResume` once after (to tell the UI).
   */
  waitWhilePaused(onPause: () => void = () => {}, onResume: () => void = () => {}): void {
    if (!this.paused || this.stopRequested) return;
    onPause();
    while (this.paused && !this.stopRequested) Atomics.wait(this.flags, PAUSE, 1);
    onResume();
  }
}
