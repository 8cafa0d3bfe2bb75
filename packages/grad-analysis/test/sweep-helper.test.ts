import { describe, expect, it } from 'vitest';
import { GradAnalysisError } from '../src/errors.js';
import { SweepHelper } from '../src/sweep-helper.js';

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
    let error: unknown = null;
    try {
      helper.wait();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GradAnalysisError);
    expect((error as GradAnalysisError).code).toBe('helper-failed');
    expect((error as GradAnalysisError).message).toContain(
      "add(): the sweep's helper thread failed: Error: job for memory 12345 without it",
    );
    expect(helper.broken).toBe(false); // it answered: it can take the next job
    expect(helper.memoryId).toBe(-1); // which must send its memory again
  });
});
