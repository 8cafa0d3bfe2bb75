import { stripVTControlCharacters } from 'node:util';
import type { ProbeAnalysis } from '@ranker/grad-analysis';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { App, type RunHandle } from '../src/components/App.js';
import { Dashboard } from '../src/components/Dashboard.js';
import { GradientPanel } from '../src/components/GradientPanel.js';
import { Heatmap } from '../src/components/Heatmap.js';
import { ProgressBar } from '../src/components/ProgressBar.js';
import { Sparkline } from '../src/components/Sparkline.js';
import { RunControl } from '../src/control.js';
import { type Layout, layoutFor, type Panel } from '../src/layout.js';
import type { RunEvent } from '../src/protocol.js';
import { initialRunState, type RunState, reduceRunEvent } from '../src/runState.js';
import { probeAnalysis } from './fixtures.js';

const strip = (text = '') => stripVTControlCharacters(text);

/** The dashboard's frame, without colours, for a state at a layout (no stop requested, time 0). */
function dashboardFrame(state: RunState, layout: Layout, panel: Panel, showHelp = false): string {
  return strip(
    render(
      <Dashboard
        state={state}
        layout={layout}
        panel={panel}
        showHelp={showHelp}
        stopRequested={false}
        nowMs={0}
      />,
    ).lastFrame(),
  );
}

const started: RunEvent = {
  type: 'started',
  runId: '20261126_233651',
  runDir: '/tmp/runs/20261126_233651',
  backend: 'wasm',
  backendReason: 'test',
  dataset: 'synthetic plastic 3000 Hz, 54 samples',
  trainSamples: 48,
  validationSamples: 6,
  batchesPerEpoch: 12,
  epochs: 30,
  startEpoch: 1,
  probeEpochs: [5, 10],
};

function stateAfter(events: RunEvent[]): RunState {
  return events.reduce((s, e) => reduceRunEvent(s, e, 0), initialRunState);
}

describe('Heatmap', () => {
  it('draws each cosine with its scale glyph, two characters per cell, beside the legend', () => {
    const { lastFrame } = render(
      <Heatmap
        matrix={[
          [1, 0.9, -0.6],
          [0.9, 1, 0],
          [-0.6, 0, 1],
        ]}
        maxColumns={20}
      />,
    );
    const lines = strip(lastFrame()).split('\n');
    expect(lines[0]).toBe('cosine similarity of batch gradients (3×3)');
    expect(lines[1].startsWith('██▓▓==  ██ [0.95, 1]')).toBe(true);
    expect(lines[2].startsWith('▓▓██··  ▓▓ [0.8, 0.95)')).toBe(true);
    expect(lines[3].startsWith('==··██  ▒▒ [0.5, 0.8)')).toBe(true);
    expect(strip(lastFrame())).toContain('== [-1, -0.5)');
  });

  it('gives every bin its own glyph, so sign and magnitude read without colour', async () => {
    const { COSINE_SCALE } = await import('../src/heatmapScale.js');
    const glyphs = COSINE_SCALE.map((bin) => bin.glyph);
    expect(new Set(glyphs).size).toBe(glyphs.length);
    // negative bins are ASCII lines, positive ones shades: the sign is in the glyph's shape
    for (const bin of COSINE_SCALE.filter((b) => b.low < -0.1)) expect(bin.glyph).toMatch(/^[-=]$/);
    for (const bin of COSINE_SCALE.filter((b) => b.low >= 0.1))
      expect(bin.glyph).toMatch(/^[░▒▓█]$/);
  });

  it('colours by sign, blue and yellow (told apart with red-green colour blindness)', () => {
    const { lastFrame } = render(
      <Heatmap
        matrix={[
          [1, -0.6],
          [-0.6, 1],
        ]}
        maxColumns={20}
      />,
    );
    const frame = lastFrame() ?? '';
    // chalk colour codes: 33 yellow, 34 blue (the legend adds more, the first row is what we check)
    const firstRow = frame.split('\n')[1];
    expect(firstRow.indexOf('\x1b[33m██')).toBeGreaterThanOrEqual(0);
    expect(firstRow.indexOf('\x1b[33m██')).toBeLessThan(firstRow.indexOf('\x1b[34m=='));
  });

  it('falls back to one character per cell, then to the first cells that fit', () => {
    const matrix = Array.from({ length: 6 }, () => new Array(6).fill(1));
    expect(
      strip(render(<Heatmap matrix={matrix} maxColumns={8} />).lastFrame()).split('\n')[1],
    ).toMatch(/^██████ /);
    expect(strip(render(<Heatmap matrix={matrix} maxColumns={4} />).lastFrame())).toContain(
      '(6×6, first 4 shown)',
    );
  });
});

describe('undefined cosines (zero gradients)', () => {
  const zeroBatch1 = {
    matrix: [
      [1, null, -0.6],
      [null, null, null],
      [-0.6, null, 1],
    ],
    definedPairs: 1,
    meanOffDiagonal: -0.6,
    minOffDiagonal: -0.6,
    fractionNegative: 1,
    perBatchMean: [-0.6, null, -0.6],
    undefinedBatches: [1],
  };

  it('draws them with the undefined glyph (never the 0 glyph) and names it in the legend', () => {
    const { lastFrame } = render(<Heatmap matrix={zeroBatch1.matrix} maxColumns={20} />);
    const lines = strip(lastFrame()).split('\n');
    expect(lines[1].startsWith('██??==')).toBe(true);
    expect(lines[2].startsWith('??????')).toBe(true);
    expect(strip(lastFrame())).toContain('?? undefined (zero gradient)');
    expect(lines[3].startsWith('==??██')).toBe(true); // no cell drawn as the 0 bin ('·')
  });

  it('states the summaries over the defined pairs and names the zero batch, or says none is defined', () => {
    const panel = (similarity: Partial<ProbeAnalysis['similarity']>) =>
      strip(
        render(
          <GradientPanel
            probes={[
              {
                epoch: 5,
                analysis: probeAnalysis({
                  similarity: { ...probeAnalysis().similarity, ...similarity },
                }),
                training: null,
                file: 'probes/epoch-005.json',
              },
            ]}
            width={200}
            height={30}
          />,
        ).lastFrame(),
      );
    expect(panel(zeroBatch1)).toContain(
      'mean off-diagonal cosine -0.6 · negative 100% (exact) · batch 1: zero gradient, cosines undefined',
    );
    // many zero-gradient batches: their count, not a list cut at the panel's edge
    expect(panel({ undefinedBatches: [0, 2, 3, 4, 5, 7] })).toContain(
      '6 zero-gradient batches, cosines undefined (listed in the report)',
    );
    // the two parts of B_simple carry their units (grad-analysis README)
    expect(panel(zeroBatch1)).toMatch(
      /\|G\|² \S+ \(loss\/param\)² · tr\(Σ\) \S+ \(loss\/param\)²·pairs/,
    );
    const none = panel({
      matrix: [
        [null, null, null],
        [null, null, null],
        [null, null, null],
      ],
      definedPairs: 0,
      meanOffDiagonal: null,
      minOffDiagonal: null,
      fractionNegative: null,
      perBatchMean: [null, null, null],
      undefinedBatches: [0, 1, 2],
      status: 'undefined',
      undefinedReason: '3 of 3 batch gradients are exactly zero',
    });
    expect(none).toContain('no cosine defined (3 of 3 batch gradients are exactly zero)');
    expect(none).not.toContain('mean off-diagonal cosine');
  });
});

describe('Sparkline and ProgressBar', () => {
  it('shows the ticks, the latest value and the range with its unit', () => {
    const { lastFrame } = render(<Sparkline label="GNS" values={[1, 3, 2]} unit="pairs" />);
    expect(strip(lastFrame())).toBe('GNS ▁█▅ latest 2 (1 … 3 pairs)');
  });

  it('shows count, bar, percent, rate and ETA', () => {
    const { lastFrame } = render(
      <ProgressBar
        label="step"
        done={30}
        total={120}
        elapsedSeconds={60}
        etaSeconds={180}
        unit="steps"
        width={8}
      />,
    );
    expect(strip(lastFrame())).toBe('step    30/120 ██░░░░░░  25% · 30 steps/min · ETA 3m00s');
  });
});

describe('Dashboard', () => {
  const full = stateAfter([
    started,
    { type: 'batchEnd', epoch: 1, step: 1, batchIndex: 0, loss: 9, gradientNormSquared: 1 },
    { type: 'batchEnd', epoch: 1, step: 2, batchIndex: 1, loss: 7, gradientNormSquared: 1 },
    {
      type: 'epochEnd',
      epoch: 1,
      trainLoss: 8,
      validationLoss: 6.5,
      pairwiseAccuracy: 0.75,
      spearman: 0.62,
      seconds: 3,
    },
    {
      type: 'probeAnalysis',
      epoch: 1,
      analysis: probeAnalysis(),
      training: null,
      file: 'probes/epoch-001.json',
    },
  ]);

  it('keeps a blank column between the tiled panels at 160×50 (titles do not run together)', () => {
    const frame = dashboardFrame(full, layoutFor(160, 50), 'training');
    const titles = frame.split('\n').find((line) => line.includes('t-SNE of gradient directions'));
    expect(titles).toBeDefined();
    // the right panel starts at column 80; the column before it is blank in every row
    expect(titles?.indexOf('outlier batches at epoch 1')).toBe(80);
    for (const line of frame.split('\n').slice(4, -2)) {
      if ([...line].length > 80) expect([...line][79]).toBe(' ');
    }
  });

  it.each([
    [80, 24],
    [140, 44],
    [160, 50],
  ])(
    'keeps the gradient panel title at %i×%i when a one-sided note and a negative training-time value wrap',
    (columns, rows) => {
      // The probe the tmux test met: its wrapped texts pushed the panel's title off the screen.
      const base = probeAnalysis();
      const n = 12;
      const long = probeAnalysis({
        batches: n,
        noiseScale: {
          ...base.noiseScale,
          bSimple: 433,
          interval: {
            level: 0.95,
            kind: 'lower-bound',
            low: 61.2,
            high: null,
            method: 'x',
            resamples: 400,
            seed: 1,
          },
          intervalNote:
            '|G|² is not distinguishable from 0 (its 95% percentile interval is -72.1…128), so B_simple is unbounded above: only B_simple ≥ 61.2 is stated',
        },
        similarity: {
          ...base.similarity,
          matrix: Array.from({ length: n }, (_, i) =>
            Array.from({ length: n }, (_, j) => (i < 8 || j < 8 ? null : i === j ? 1 : 0.2)),
          ),
          undefinedBatches: [0, 1, 2, 3, 4, 5, 6, 7],
        },
      });
      const withLong = stateAfter([
        started,
        {
          type: 'probeAnalysis',
          epoch: 36,
          analysis: long,
          training: {
            estimator: 'online',
            beta: 0.9,
            steps: 12,
            estimates: 11,
            gradientNormSquaredEma: -1,
            traceCovarianceEma: 10500,
            bSimple: -10500,
            status: 'negative',
            undefinedReason: null,
          },
          file: 'probes/epoch-036.json',
        },
      ]);
      const frame = dashboardFrame(withLong, layoutFor(columns, rows), 'gradients');
      const lines = frame.split('\n');
      expect(lines.length).toBe(rows - 1);
      expect(frame).toContain('GNS B_simple per probe');
      expect(frame).toContain('95% one-sided: B_simple ≥ 61.2 pairs');
      // wrapped, not cut at the panel's edge (the line used to end in "batche…")
      expect(frame).toContain('cosines undefined (listed in the report)');
    },
  );

  it.each([
    [80, 24],
    [100, 30],
    [160, 50],
  ])('fits %i×%i', (columns, rows) => {
    for (const panel of ['training', 'gradients', 'embedding', 'outliers'] as const) {
      const frame = dashboardFrame(full, layoutFor(columns, rows), panel);
      const lines = frame.split('\n');
      // one row short of the screen: Ink clears the scrollback when a frame fills it
      expect(lines.length).toBe(rows - 1);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(columns);
    }
  });

  it.each([
    [80, 24],
    [160, 50],
  ])('fits the help view at %i×%i, every key listed', (columns, rows) => {
    const withLogs = {
      ...full,
      logs: Array.from({ length: 5 }, (_, i) => `log ${i} ${'x'.repeat(150)}`),
    };
    const frame = dashboardFrame(withLogs, layoutFor(columns, rows), 'training', true);
    expect(frame.split('\n').length).toBe(rows - 1);
    expect(frame.split('\n')[0]).toMatch(/^ranker /);
    for (const key of ['q ', 'p ', 'tab', '1-4', 'r ', 'h ?', 'Esc'])
      expect(frame).toContain(`│ ${key}`);
  });

  it('shows the validation metrics and GNS with its unit and estimator', () => {
    const layout = layoutFor(80, 24);
    const training = dashboardFrame(full, layout, 'training');
    expect(training).toContain(
      '48 train / 6 validation samples · backend wasm · run 20261126_233651',
    );
    expect(training).toContain('Spearman ρ 0.62 · pairwise accuracy 75% · loss 6.5');
    const gradients = dashboardFrame(full, layout, 'gradients');
    expect(gradients).toContain('12.3 pairs · per parameter');
    expect(gradients).toContain('(B_simple = tr(Σ)/|G|², probe after epoch 1)');
    expect(gradients).toContain('McCandlish');
    expect(gradients).toContain('cosine similarity of batch gradients (3×3)');
    const outliers = dashboardFrame(full, layout, 'outliers');
    expect(outliers).toContain('batch 2 similarity z -4.2');
    expect(outliers).toContain('sample plastic/3000hz/deg036/003.wav');
    // With a data audit the panel lists recordings first, with their detector scores.
    const audited = reduceRunEvent(
      full,
      {
        type: 'audit',
        file: 'audit.json',
        audited: 48,
        flagged: 1,
        recordings: [
          {
            id: 'plastic/3000hz/deg036/003.wav',
            source: 'synthetic:42 plastic/3000hz/deg036/003.wav',
            score: 3.44,
            rank: 1,
            flagged: true,
          },
          {
            id: 'plastic/3000hz/deg072/001.wav',
            source: '/data/deg072/001.wav',
            score: 1.2,
            rank: 2,
            flagged: false,
          },
        ],
      },
      0,
    );
    const auditPanel = dashboardFrame(audited, layout, 'outliers');
    expect(auditPanel).toContain('data audit: 1 of 48 recordings flagged');
    expect(auditPanel).toContain('#1 flagged score 3.44 · plastic/3000hz/deg036/003.wav');
    expect(auditPanel).toContain('#2 ok score 1.2 · /data/deg072/001.wav');
    expect(auditPanel).toContain('batch 2 similarity z -4.2');
    const embedding = dashboardFrame(full, layout, 'embedding');
    expect(embedding).toContain('t-SNE of gradient directions, epoch 1');
    expect(embedding).toMatch(/X/); // batch 2 is flagged
    expect(embedding).toContain('X outlier (batches 2)');
  });
});

describe('App keys', () => {
  const handle = (control: RunControl): RunHandle & { emit: (e: RunEvent) => void } => {
    const listeners = new Set<(e: RunEvent) => void>();
    return {
      control,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      emit: (e) => {
        for (const l of listeners) l(e);
      },
    };
  };
  const tick = () => new Promise((r) => setTimeout(r, 30));
  /** Polls (the app redraws on a timer; a loaded machine may need a few periods). */
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await tick();
  };

  it('p toggles the shared pause flag, q requests a stop, r a report, tab/numbers switch panels, ? help', async () => {
    const sent: string[] = [];
    const control = new RunControl((command) => sent.push(command));
    const run = handle(control);
    const app = render(<App run={run} refreshMs={10} columns={80} rows={24} />);
    await tick();
    run.emit(started);
    await tick();
    app.stdin.write('p');
    await until(() => control.paused);
    expect(control.paused).toBe(true);
    run.emit({ type: 'paused', step: 0 });
    await until(() => strip(app.lastFrame()).includes('PAUSED at step 0'));
    expect(strip(app.lastFrame())).toContain('PAUSED at step 0');
    app.stdin.write('p');
    await until(() => !control.paused);
    expect(control.paused).toBe(false);
    app.stdin.write('2');
    await until(() => strip(app.lastFrame()).includes('no probe yet'));
    expect(strip(app.lastFrame())).toContain('no probe yet');
    app.stdin.write('\t');
    await until(() => strip(app.lastFrame()).includes('no t-SNE yet'));
    expect(strip(app.lastFrame())).toContain('no t-SNE yet');
    app.stdin.write('?');
    await until(() => strip(app.lastFrame()).includes('render the report now'));
    expect(strip(app.lastFrame())).toContain('render the report now');
    app.stdin.write('r');
    await until(() => sent.length === 3);
    expect(sent).toEqual(['pause', 'resume', 'report']);
    app.stdin.write('q');
    await until(() => strip(app.lastFrame()).includes('stopping: checkpoint, report…'));
    expect(sent.at(-1)).toBe('stop');
    expect(strip(app.lastFrame())).toContain('stopping: checkpoint, report…');
    app.unmount();
  });

  it('h opens the help, Esc closes it, and the final frame never shows it', async () => {
    const run = handle(new RunControl(() => {}));
    const app = render(<App run={run} refreshMs={10} columns={80} rows={24} />);
    await tick();
    run.emit(started);
    const help = () => strip(app.lastFrame()).includes('close this help');
    app.stdin.write('h');
    await until(help);
    expect(help()).toBe(true);
    app.stdin.write('\x1b'); // Esc
    await until(() => !help());
    expect(help()).toBe(false);
    app.stdin.write('h');
    await until(help);
    run.emit({ type: 'runEnd', status: 'completed', epochsCompleted: 2 });
    // With CI set, Ink's exit writes one more, empty frame after the final one (debug
    // mode keeps no lastOutput), so the frame left on screen is the last non-empty one.
    const finalFrame = () => strip(app.frames.filter((f) => f.trim() !== '').at(-1));
    await until(() => finalFrame().includes('run completed'));
    expect(finalFrame()).toContain('run completed');
    expect(finalFrame()).not.toContain('close this help');
    app.unmount();
  });
});

describe('Dashboard at the edges', () => {
  it('says the terminal is too small below 80×24, within the screen', () => {
    const frame = dashboardFrame(initialRunState, layoutFor(60, 18), 'training');
    expect(frame).toContain('terminal too small (needs 80×24, is 60×18)');
    expect(frame.split('\n').length).toBeLessThan(18);
  });
});
