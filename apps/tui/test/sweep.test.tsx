import { stripVTControlCharacters } from 'node:util';
import type { SweepEvent } from '@ranker/experiment';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { SweepTable, visibleRows } from '../src/components/SweepTable.js';
import { SweepLog } from '../src/sweepLog.js';
import { cellEta, initialSweepState, reduceSweepEvent } from '../src/sweepState.js';
import { probeAnalysis } from './fixtures.js';

const ids = Array.from(
  { length: 12 },
  (_, i) => `frequency=${i < 6 ? 1000 : 3000},batch-size=${2 ** (1 + (i % 6))},seed=1`,
);
const events: SweepEvent[] = [
  {
    type: 'sweepStarted',
    sweepId: 'sw-1',
    dir: '/tmp/sw',
    executor: 'local, 1 worker process',
    cells: ids.map((id) => ({ id, status: 'pending', runDir: null })),
    toRun: 12,
  },
  { type: 'cellStatus', cellId: ids[7], status: 'running', runDir: null, error: null },
  {
    type: 'cellEvent',
    cellId: ids[7],
    event: {
      type: 'started',
      runId: 'r',
      runDir: '/tmp/sw/runs/r',
      backend: 'cpu',
      backendReason: 'test',
      dataset: 'synthetic',
      trainSamples: 48,
      validationSamples: 6,
      batchesPerEpoch: 12,
      epochs: 4,
      startEpoch: 1,
      probeEpochs: [2, 4],
    },
  },
  ...[1, 2].map(
    (epoch): SweepEvent => ({
      type: 'cellEvent',
      cellId: ids[7],
      event: {
        type: 'epochEnd',
        epoch,
        trainLoss: 1,
        validationLoss: 1,
        pairwiseAccuracy: 0.5,
        spearman: 0.1,
        seconds: epoch === 1 ? 10 : 20,
      },
    }),
  ),
  {
    type: 'cellEvent',
    cellId: ids[7],
    event: {
      type: 'probeAnalysis',
      epoch: 2,
      analysis: probeAnalysis(),
      training: null,
      file: 'probes/epoch-002.json',
    },
  },
];

const fold = (list: SweepEvent[]) => list.reduce(reduceSweepEvent, initialSweepState);

describe('the sweep table state', () => {
  it('tracks a cell: status, epoch, the latest B_simple and an ETA of remaining epochs × mean epoch time', () => {
    const row = fold(events).cells[7];
    expect(row).toMatchObject({ status: 'running', epoch: 2, epochs: 4, probeEpoch: 2 });
    expect(row.noiseScale?.bSimple).toBe(12.3);
    expect(cellEta(row)).toBe(30); // 2 epochs left × (10 + 20) / 2 s
    expect(Number.isNaN(cellEta(fold(events).cells[0]))).toBe(true); // nothing known yet
  });

  it('shows running cells first and never more rows than fit', () => {
    const { rows, hidden } = visibleRows(fold(events).cells, 5);
    expect(rows.map((r) => r.id)).toEqual([ids[7], ids[0], ids[1], ids[2], ids[3]]);
    expect(hidden).toBe(7);
  });

  it('renders within the terminal height (Ink clears the screen for taller frames)', async () => {
    const { lastFrame } = render(
      <SweepTable
        subscribe={(listener) => {
          for (const event of events) listener(event);
          return () => {};
        }}
        onStop={() => {}}
        refreshMs={10}
        rows={12}
      />,
    );
    await new Promise((resolve) => setTimeout(resolve, 60));
    const lines = stripVTControlCharacters(lastFrame() ?? '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(12);
    expect(lines[0]).toContain('sweep sw-1 · 12 cells');
    expect(lines[2]).toContain(ids[7]);
    expect(lines[2]).toMatch(/running\s+2\/4\s+30s\s+12\.3 pairs @ epoch 2/);
    expect(lines.some((l) => l.includes('… 8 more cells'))).toBe(true);
  });
});

describe('SweepLog (no TTY)', () => {
  it('prints the sweep, each status change, epochs with ETA and probes with their unit', () => {
    const log = new SweepLog();
    const lines = events.flatMap((e) => log.handle(e));
    expect(lines).toEqual([
      'sweep sw-1 in /tmp/sw · 12 cells, 12 to run · local, 1 worker process',
      `[${ids[7]}] running`,
      `[${ids[7]}] epoch 1/4 · validation loss 1 · pairwise accuracy 50% · Spearman ρ 0.1 · ETA 30s`,
      `[${ids[7]}] epoch 2/4 · validation loss 1 · pairwise accuracy 50% · Spearman ρ 0.1 · ETA 30s`,
      `[${ids[7]}] probe epoch 2: B_simple = tr(Σ)/|G|² = 12.3 pairs`,
    ]);
    expect(
      log.handle({
        type: 'sweepEnd',
        counts: { pending: 0, running: 0, completed: 11, interrupted: 1, failed: 0 },
      }),
    ).toEqual(['sweep ended: 11 completed, 1 interrupted']);
  });
});
