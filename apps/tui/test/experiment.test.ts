import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunCommand } from '../src/control.js';
import { probeEpochs, runExperiment } from '../src/experiment.js';
import { defaultOptions, QUICK_PRESET, type RunOptions } from '../src/options.js';
import type { RunEvent } from '../src/protocol.js';

// End-to-end on the real packages: a ResNet-10 of width 0.125 on 32×32 synthetic spectrograms,
// 2 epochs with a probe after each (about 10–30 s on a shared 2-core CPU: the one slow test).
const root = mkdtempSync(join(tmpdir(), 'tui-e2e-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const tiny = (name: string): RunOptions => ({
  ...defaultOptions(),
  ...QUICK_PRESET,
  quick: true,
  epochs: 2,
  analyzeEvery: 1,
  backend: 'cpu',
  out: join(root, name),
});

describe('probeEpochs', () => {
  it('lists every n-th epoch', () => {
    expect(probeEpochs(30, 5)).toEqual([5, 10, 15, 20, 25, 30]);
    expect(probeEpochs(2, 1)).toEqual([1, 2]);
    expect(probeEpochs(3, 5)).toEqual([]);
  });
});

describe('runExperiment', () => {
  it('trains, probes twice, writes the probe records and the report, with finite numbers', async () => {
    const options = tiny('full');
    const events: RunEvent[] = [];
    await runExperiment(
      options,
      (e) => events.push(e),
      () => () => {},
    );
    const end = events.at(-1);
    expect(end).toEqual({
      type: 'runEnd',
      status: 'completed',
      epochsCompleted: 2,
      error: undefined,
    });

    for (const file of [
      'config.json',
      'metrics.jsonl',
      'state.json',
      'probes/epoch-001.json',
      'probes/epoch-002.json',
    ]) {
      expect(existsSync(join(options.out, file)), file).toBe(true);
    }
    const report = events.find((e) => e.type === 'report');
    expect(report?.type === 'report' && existsSync(report.path)).toBe(true);

    const record = JSON.parse(readFileSync(join(options.out, 'probes/epoch-002.json'), 'utf8'));
    expect(record.epoch).toBe(2);
    expect(record.batches).toHaveLength(12); // 48 training pairs / 4 per batch
    expect(record.probe.batches).toBe(12);
    expect(Number.isFinite(record.probe.noiseScale.bSimple)).toBe(true);
    expect(Number.isFinite(record.training.bSimple)).toBe(true);

    const epochs = events.filter((e) => e.type === 'epochEnd');
    expect(epochs).toHaveLength(2);
    for (const e of epochs) {
      for (const value of [e.trainLoss, e.validationLoss, e.pairwiseAccuracy, e.seconds]) {
        expect(Number.isFinite(value)).toBe(true);
      }
    }
    const probes = events.filter((e) => e.type === 'probeAnalysis');
    expect(probes.map((p) => p.epoch)).toEqual([1, 2]);
    expect(events.filter((e) => e.type === 'batchEnd')).toHaveLength(24);
  });

  it('pause holds the trainer until resume; report renders mid-run; stop ends the run as interrupted with a partial report', async () => {
    const options = { ...tiny('paused'), epochs: 3 }; // probes after every epoch
    const events: RunEvent[] = [];
    let send: (c: RunCommand) => void = () => {};
    const batches = () => events.filter((e) => e.type === 'batchEnd').length;
    let heldAt = -1;
    let heldAfterWait = -1;
    const done = runExperiment(
      options,
      (e) => {
        events.push(e);
        if (e.type === 'batchEnd' && e.step === 3) {
          send('pause');
          // The trainer yields to timers between batches: if it were still training, batches
          // would arrive during this wait.
          setTimeout(() => {
            heldAt = batches();
            setTimeout(() => {
              heldAfterWait = batches();
              send('resume');
            }, 400);
          }, 50);
        }
        if (e.type === 'batchEnd' && e.step === 5) send('report'); // 'r': a report mid-run
        if (e.type === 'batchEnd' && e.step === 15) send('stop');
      },
      (listener) => {
        send = listener;
        return () => {};
      },
    );
    await done;
    expect(heldAt).toBe(3);
    expect(heldAfterWait).toBe(3);
    expect(events.find((e) => e.type === 'paused')).toEqual({ type: 'paused', step: 3 });
    expect(events.find((e) => e.type === 'resumed')).toEqual({ type: 'resumed', step: 3 });
    // stop after step 15 (epoch 2, batch 3): epoch 2 is discarded, epoch 1 is the last complete one
    expect(events.at(-1)).toMatchObject({
      type: 'runEnd',
      status: 'interrupted',
      epochsCompleted: 1,
    });
    expect(batches()).toBe(15);
    const reports = events.filter((e) => e.type === 'report');
    expect(reports).toHaveLength(2); // the one asked for, then the final (partial) one
    for (const report of reports) expect(report).toMatchObject({ partial: true });
  });

  it('resumes the interrupted run from its last finished epoch to completion', async () => {
    // continues the run the previous test interrupted after epoch 1
    const options = { ...tiny('paused'), epochs: 3, resume: join(root, 'paused') };
    const events: RunEvent[] = [];
    await runExperiment(
      options,
      (e) => events.push(e),
      () => () => {},
    );
    expect(events.find((e) => e.type === 'started')).toMatchObject({ startEpoch: 2, epochs: 3 });
    expect(events.filter((e) => e.type === 'epochEnd').map((e) => e.epoch)).toEqual([2, 3]);
    // epoch 1's probe is read back from probes/epoch-001.json, 2 and 3 are computed
    expect(events.filter((e) => e.type === 'probeAnalysis').map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(events.at(-1)).toMatchObject({
      type: 'runEnd',
      status: 'completed',
      epochsCompleted: 3,
    });
  });

  it('resuming a completed run whose report and a probe record are gone renders a partial report (issue 17)', async () => {
    // the run the previous test completed
    const dir = join(root, 'paused');
    rmSync(join(dir, 'report'), { recursive: true });
    rmSync(join(dir, 'probes/epoch-002.json'));
    const options = { ...tiny('paused'), epochs: 3, resume: dir };
    const events: RunEvent[] = [];
    await runExperiment(
      options,
      (e) => events.push(e),
      () => () => {},
    );
    expect(events.filter((e) => e.type === 'epochEnd')).toEqual([]);
    const logs = events.flatMap((e) => (e.type === 'log' ? [e.line] : []));
    expect(logs).toContainEqual(
      expect.stringContaining('probes/epoch-002.json, the probe record of completed epoch 2'),
    );
    const report = events.find((e) => e.type === 'report');
    expect(report).toMatchObject({ partial: true });
    expect(report?.type === 'report' && existsSync(report.path)).toBe(true);
    expect(events.at(-1)).toMatchObject({
      type: 'runEnd',
      status: 'completed',
      epochsCompleted: 3,
    });
  });

  it('reports a bad data folder as a fatal event naming it', async () => {
    const options = { ...tiny('bad'), data: join(root, 'no-such-folder') };
    const events: RunEvent[] = [];
    await runExperiment(
      options,
      (e) => events.push(e),
      () => () => {},
    );
    const fatal = events.find((e) => e.type === 'fatal');
    expect(fatal?.type === 'fatal' && fatal.message).toContain('no-such-folder');
    expect(events.at(-1)).toMatchObject({ type: 'runEnd', status: 'failed' });
  });
});
