import { describe, expect, it } from 'vitest';
import { GradAnalysisError } from '../src/errors.js';
import { SweepHelper, sweepHelper } from '../src/sweep-helper.js';
import { createSweepMemory, STAGING_CHUNK_VALUES, SweepLayout } from '../src/sweep-memory.js';

/** What `run` throws (null when it returns). */
function thrownBy(run: () => void): unknown {
  try {
    run();
    return null;
  } catch (error) {
    return error;
  }
}

describe('SweepHelper', () => {
  it('reports a job that fails on the helper thread as helper-failed, with its reason', () => {
    const helper = new SweepHelper();
    const results = new Float64Array(new SharedArrayBuffer(8));
    // A memory the helper has never been sent: the job must fail there, not hang or pass.
    helper.start({
      op: 'accumulate',
      memoryId: 12345,
      instance: null,
      gradient: new Float32Array(new SharedArrayBuffer(16)),
      range: {
        from: 0,
        to: 4,
        chunk: 4,
        k: 4,
        stageAt: 0,
        sketchAt: 0,
        sumAt: 0,
        signsAt: 0,
        shiftsAt: 0,
      },
      batchSize: 1,
      offsets: [],
      lengths: [],
      results,
    });
    const error = thrownBy(() => helper.wait());
    expect(error).toBeInstanceOf(GradAnalysisError);
    expect((error as GradAnalysisError).code).toBe('helper-failed');
    expect((error as GradAnalysisError).message).toContain(
      "add(): the sweep's helper thread failed: Error: job for memory 12345 without it",
    );
    expect(helper.broken).toBe(false); // it answered: it can take the next job
    expect(helper.memoryId).toBe(-1); // which must send its memory again
  });

  it('gives up on a helper that does not answer in time: helper-failed, and it is replaced', () => {
    // 32 MB of gradient to sweep (~10 ms or more) against a 1 ms limit.
    const d = 8 * 1024 * 1024;
    const layout = new SweepLayout();
    const stageAt = layout.take(4 * STAGING_CHUNK_VALUES);
    const { module, memory, memoryId } = createSweepMemory(layout, 'test');
    const helper = new SweepHelper(1);
    helper.start({
      op: 'norms',
      memoryId,
      instance: { module, memory },
      gradient: new Float32Array(new SharedArrayBuffer(4 * d)),
      range: {
        from: 0,
        to: d,
        chunk: STAGING_CHUNK_VALUES,
        k: 1,
        stageAt,
        sketchAt: 0,
        sumAt: 0,
        signsAt: 0,
        shiftsAt: 0,
      },
      batchSize: 1,
      offsets: [0],
      lengths: [d],
      results: new Float64Array(new SharedArrayBuffer(8)),
    });
    const error = thrownBy(() => helper.wait());
    expect(error).toBeInstanceOf(GradAnalysisError);
    expect((error as GradAnalysisError).code).toBe('helper-failed');
    expect((error as GradAnalysisError).message).toBe(
      "add(): the sweep's helper thread did not answer within 0.001 s",
    );
    expect(helper.broken).toBe(true); // its thread is terminated
    // The process's shared helper is replaced once broken, and only then.
    const first = sweepHelper();
    expect(sweepHelper()).toBe(first);
    first.broken = true;
    const second = sweepHelper();
    expect(second).not.toBe(first);
    expect(second.broken).toBe(false);
  });
});
