import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SweepCellResult } from '@ranker/report';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalExecutor, runSweep, type SweepEvent, type SweepFile } from '../src/index.js';
import { numbersOf, tinyPlan } from './support/tiny-plan.js';

// Real runs of the quick model in worker processes (≈ 20–40 s for the file on the shared
// 2-core machine): the sweep's claims are about real runs resuming exactly.
const root = mkdtempSync(join(tmpdir(), 'sweep-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const readSweep = (dir: string): SweepFile =>
  JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8'));
const readResult = (dir: string, runId: string): SweepCellResult =>
  JSON.parse(readFileSync(join(dir, 'results', `${runId}.json`), 'utf8'));

describe('runSweep with the local executor', () => {
  const plan = tinyPlan([4, 8]);
  const whole = join(root, 'whole');

  it('runs every cell in a pool of 2 processes and records each result and run directory', {
    timeout: 180_000,
  }, async () => {
    const events: SweepEvent[] = [];
    const outcome = await runSweep(plan, {
      dir: whole,
      executor: (sweep) => new LocalExecutor(2, sweep.runsDir),
      onEvent: (e) => events.push(e),
    });
    expect(outcome.counts).toMatchObject({ completed: 2, failed: 0, interrupted: 0 });
    const file = readSweep(whole);
    expect(file.spec).toEqual(plan.spec);
    for (const cell of file.cells) {
      expect(cell.status).toBe('completed');
      expect(cell.runDir).toBe(join(whole, 'runs', cell.runId));
      expect(existsSync(join(cell.runDir!, 'report', 'report.md'))).toBe(true);
      const result = readResult(whole, cell.runId);
      expect(result).toMatchObject({ cellId: cell.id, status: 'completed', seed: 1 });
      // B pairs per step, 48 pairs per epoch: steps = ⌈48 / B⌉ per epoch.
      const b = cell.parameters['batch-size'] as number;
      expect(result.batchSize).toBe(b);
      expect(result.epochs.map((e) => e.steps)).toEqual([Math.ceil(48 / b), 2 * Math.ceil(48 / b)]);
      expect(result.epochs.map((e) => e.examples)).toEqual([48, 96]);
      expect(result.probes.map((p) => p.epoch)).toEqual([1, 2]);
    }
    // Both cells ran at the same time: the second started before the first ended.
    const statuses = events
      .filter((e) => e.type === 'cellStatus')
      .map((e) => e.type === 'cellStatus' && e.status);
    expect(statuses.slice(0, 2)).toEqual(['running', 'running']);
    expect(events.some((e) => e.type === 'cellEvent' && e.event.type === 'epochEnd')).toBe(true);
  });

  it('a sweep stopped mid-cell resumes: completed cells are skipped, the interrupted one continues exactly', {
    timeout: 180_000,
  }, async () => {
    const dir = join(root, 'stopped');
    const abort = new AbortController();
    const first = await runSweep(plan, {
      dir,
      executor: (sweep) => new LocalExecutor(1, sweep.runsDir),
      signal: abort.signal,
      onEvent: (e) => {
        // cell 2 (B = 8) after its first epoch: cell 1 is complete by then (one process)
        if (e.type === 'cellEvent' && e.cellId === plan.cells[1].id && e.event.type === 'epochEnd')
          abort.abort();
      },
    });
    expect(first.counts).toMatchObject({ completed: 1, interrupted: 1 });
    expect(readSweep(dir).cells.map((c) => c.status)).toEqual(['completed', 'interrupted']);

    const events: SweepEvent[] = [];
    const second = await runSweep(plan, {
      dir,
      executor: (sweep) => new LocalExecutor(1, sweep.runsDir),
      onEvent: (e) => events.push(e),
    });
    expect(second.counts).toMatchObject({ completed: 2 });
    expect(events.find((e) => e.type === 'sweepStarted')).toMatchObject({ toRun: 1 });
    const ran = new Set(events.flatMap((e) => (e.type === 'cellEvent' ? [e.cellId] : [])));
    expect([...ran]).toEqual([plan.cells[1].id]);
    const started = events.find((e) => e.type === 'cellEvent' && e.event.type === 'started');
    expect(started?.type === 'cellEvent' && started.event).toMatchObject({ startEpoch: 2 });
    // Same numbers as the sweep that was never stopped.
    for (const cell of plan.cells) {
      expect(numbersOf(readResult(dir, cell.runId))).toEqual(
        numbersOf(readResult(whole, cell.runId)),
      );
    }
  });

  it('refuses to resume a different grid in the same folder, naming it', async () => {
    await expect(
      runSweep(tinyPlan([2]), { dir: whole, executor: (s) => new LocalExecutor(1, s.runsDir) }),
    ).rejects.toMatchObject({
      code: 'SWEEP_MISMATCH',
      message: expect.stringContaining(join(whole, 'sweep.json')),
    });
  });
});
