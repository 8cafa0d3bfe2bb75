// Cost of drawing the dashboard (renderToString of one frame) and of folding a step event, for
// the seed's 12 probe batches. Prints a table; asserts nothing about time.
import { renderToString } from 'ink';
import { Dashboard } from '../src/components/Dashboard.js';
import { layoutFor, PANELS } from '../src/layout.js';
import type { RunEvent } from '../src/protocol.js';
import { initialRunState, type RunState, reduceRunEvent } from '../src/runState.js';
import { probeAnalysis } from '../test/fixtures.js';

const n = 12;
const matrix = Array.from({ length: n }, (_, i) =>
  Array.from({ length: n }, (_, j) => (i === j ? 1 : Math.cos(i - j))),
);
const points = Array.from({ length: n }, (_, i): [number, number] => [
  Math.cos(i),
  Math.sin(2 * i),
]);
const base = probeAnalysis();
const analysis = {
  ...base,
  batches: n,
  similarity: { ...base.similarity, matrix },
  embedding: base.embedding && { ...base.embedding, points },
};
const events: RunEvent[] = [
  {
    type: 'started',
    runId: 'bench',
    runDir: '/tmp/bench',
    backend: 'cpu',
    backendReason: 'bench',
    dataset: 'synthetic',
    trainSamples: 48,
    validationSamples: 6,
    batchesPerEpoch: 12,
    epochs: 30,
    startEpoch: 1,
    probeEpochs: [5, 10],
  },
];
for (let step = 1; step <= 360; step++) {
  events.push({
    type: 'batchEnd',
    epoch: Math.ceil(step / 12),
    step,
    batchIndex: (step - 1) % 12,
    loss: 10 / step,
    gradientNormSquared: 1,
  });
  if (step % 12 === 0) {
    const epoch = step / 12;
    events.push({
      type: 'epochEnd',
      epoch,
      trainLoss: 10 / step,
      validationLoss: 9 / step,
      pairwiseAccuracy: 0.9,
      spearman: 0.8,
      seconds: 10,
    });
    if (epoch % 5 === 0)
      events.push({ type: 'probeAnalysis', epoch, analysis, training: null, file: 'p' });
  }
}

function time(repeats: number, work: () => void): number {
  work();
  const start = performance.now();
  for (let i = 0; i < repeats; i++) work();
  return (performance.now() - start) / repeats;
}

const fold = () => events.reduce((s: RunState, e) => reduceRunEvent(s, e, 0), initialRunState);
const state = fold();
const rows: [string, number][] = [
  [`fold ${events.length} events of a 30-epoch run`, time(20, fold)],
];
for (const [columns, height] of [
  [80, 24],
  [160, 50],
]) {
  for (const panel of PANELS) {
    const layout = layoutFor(columns, height);
    if (layout.mode === 'grid' && panel !== 'training') continue; // the grid shows all four at once
    const frame = () =>
      renderToString(
        <Dashboard
          state={state}
          layout={layout}
          panel={panel}
          showHelp={false}
          stopRequested={false}
          nowMs={0}
        />,
        { columns },
      );
    rows.push([
      `frame ${columns}×${height} ${layout.mode === 'grid' ? 'all panels' : panel}`,
      time(30, frame),
    ]);
  }
}
console.log('| what | ms per call |\n| --- | ---: |');
for (const [what, ms] of rows) console.log(`| ${what} | ${ms.toFixed(2)} |`);
