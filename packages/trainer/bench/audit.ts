/**
 * Data-audit bench (issue 15): trains on `hard` synthetic data (the seed's 54 recordings) with
 * planted faults and measures how well each per-recording detector of @ranker/grad-analysis
 * finds them among the training recordings: AUROC, average precision and precision@k (k = the
 * number planted in the training split), mean ± sd over seeds; per fault kind; the flag rate
 * on clean data at several robust-z thresholds; the time the audit adds.
 *
 *   pnpm --filter @ranker/trainer bench:audit -- --seeds 5 --epochs 30 --depth 18 --width 1
 *
 * Scenarios: `mislabel` (10 % mislabelled), `signal` (2 each of silent, clipped, wrong-tone,
 * noise-burst: per-kind AUROC is kind vs clean, the other kinds left out), `clean` (nothing).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { PlantSpec } from '@ranker/dsp';
import {
  type AuditSignal,
  auroc,
  averagePrecision,
  createRecordingGradientCollector,
  precisionAtK,
  rankingMargins,
  type ScoredEpoch,
  scoreRecordings,
} from '@ranker/grad-analysis';
import { startRun } from '../src/index.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    seeds: { type: 'string', default: '5' },
    'first-seed': { type: 'string', default: '1' },
    epochs: { type: 'string', default: '30' },
    every: { type: 'string', default: '5' },
    depth: { type: 'string', default: '18' },
    width: { type: 'string', default: '1' },
    size: { type: 'string', default: '64' },
    partners: { type: 'string', default: '4' },
    scenarios: { type: 'string', default: 'mislabel,signal,clean' },
    difficulty: { type: 'string', default: 'hard' },
    json: { type: 'string' },
    'from-json': { type: 'string' },
  },
});
const seeds = Array.from(
  { length: Number(values.seeds) },
  (_, i) => Number(values['first-seed']) + i,
);
const epochs = Number(values.epochs);
const every = Number(values.every);
const size = Number(values.size);

const SCENARIOS: Record<string, PlantSpec | null> = {
  mislabel: { mislabel: { fraction: 0.1 } },
  signal: {
    silent: { count: 2 },
    clipped: { count: 2 },
    'wrong-tone': { count: 2 },
    'noise-burst': { count: 2 },
  },
  clean: null,
};

const DETECTORS: Record<string, AuditSignal[]> = {
  margin: ['margin'],
  misordered: ['misordered'],
  classMargin: ['classMargin'],
  'classMargin+selfInfluence': ['classMargin', 'selfInfluence'],
  'classMargin+alignment': ['classMargin', 'alignment'],
  loss: ['loss'],
  selfInfluence: ['selfInfluence'],
  alignment: ['alignment'],
  'margin+selfInfluence': ['margin', 'selfInfluence'],
  'margin+alignment': ['margin', 'alignment'],
  'margin+loss': ['margin', 'loss'],
  'all six': ['margin', 'misordered', 'classMargin', 'loss', 'selfInfluence', 'alignment'],
};
const THRESHOLDS = [1.645, 2, 2.5, 3];

interface RunOutcome {
  ids: string[];
  planted: Map<string, string>; // training recording id → kind
  signals: Record<AuditSignal, (number | null)[]>;
  seconds: { total: number; audit: number; probe: number; train: number };
  finalSpearman: number;
  /** Per epoch, the training recordings' scores (for re-analysis with --json). */
  scored: { scores: number[]; angles: number[] }[];
}

async function runOnce(seed: number, plant: PlantSpec | null): Promise<RunOutcome> {
  const outDir = await mkdtemp(join(tmpdir(), 'ranker-audit-bench-'));
  try {
    const trainer = await startRun({
      outDir,
      runId: 'audit',
      data: { size: [size, size], seed, difficulty: values.difficulty as 'hard', plant },
      model: { depth: Number(values.depth) as 10 | 18 | 34, widthMultiplier: Number(values.width) },
      training: {
        epochs,
        seed,
        analysisEpochs: Array.from(
          { length: Math.floor(epochs / every) },
          (_, i) => (i + 1) * every,
        ),
        probe: { batches: 8 },
        audit: { enabled: true, partners: Number(values.partners) },
      },
    });
    let collector: ReturnType<typeof createRecordingGradientCollector> | null = null;
    const scored: ScoredEpoch[] = [];
    let ids: string[] = [];
    const seconds = { total: 0, audit: 0, probe: 0, train: 0 };
    let finalSpearman = Number.NaN;
    trainer.on('auditRecording', (e) => {
      collector ??= createRecordingGradientCollector({ parameterCount: e.gradient.length, seed });
      collector.add(e.epoch, e.recordingId, e.gradient, e.loss);
    });
    trainer.on('auditScores', (e) => {
      ids = e.ids;
      scored.push({ scores: e.scores, angles: e.angles });
      seconds.audit += e.auditMs / 1000;
    });
    trainer.on('epochEnd', (e) => {
      seconds.probe += e.timings.probeMs / 1000;
      seconds.train += e.timings.trainMs / 1000;
      finalSpearman = e.validation.spearman;
    });
    const start = performance.now();
    await trainer.run();
    seconds.total = (performance.now() - start) / 1000;
    const margins = rankingMargins(scored);
    const gradients = collector!.result();
    const byId = new Map(gradients.recordings.map((r) => [r.id, r]));
    const trainIds = new Set(ids);
    const planted = new Map(
      (trainer.planted ?? [])
        .filter((p) => trainIds.has(p.recordingId))
        .map((p) => [p.recordingId, p.kind as string]),
    );
    return {
      ids,
      planted,
      signals: {
        margin: margins.margin,
        misordered: margins.misordered,
        classMargin: margins.classMargin,
        loss: ids.map((id) => byId.get(id)?.loss ?? null),
        selfInfluence: ids.map((id) => byId.get(id)?.selfInfluence ?? null),
        alignment: ids.map((id) => byId.get(id)?.alignment ?? null),
      },
      seconds,
      finalSpearman,
      scored: scored.map((e) => ({ scores: Array.from(e.scores), angles: Array.from(e.angles) })),
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

const meanSd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1));
  return `${m.toFixed(3)} ± ${sd.toFixed(3)}`;
};

const results: Record<string, RunOutcome[]> = {};
if (values['from-json']) {
  // Re-analyse the outcomes a previous run saved with --json (no training).
  const { readFile } = await import('node:fs/promises');
  const saved = JSON.parse(await readFile(values['from-json'], 'utf8'));
  for (const [scenario, outcomes] of Object.entries(saved as Record<string, RunOutcome[]>)) {
    results[scenario] = outcomes.map((o) => ({ ...o, planted: new Map(o.planted as never) }));
  }
}
for (const scenario of values['from-json'] ? [] : values.scenarios.split(',')) {
  results[scenario] = [];
  for (const seed of seeds) {
    const outcome = await runOnce(seed, SCENARIOS[scenario]);
    results[scenario].push(outcome);
    console.error(
      `${scenario} seed ${seed}: ${outcome.seconds.total.toFixed(1)} s (audit ${outcome.seconds.audit.toFixed(1)} s, probes ${outcome.seconds.probe.toFixed(1)} s), planted in train ${outcome.planted.size}, validation ρ ${outcome.finalSpearman.toFixed(2)}`,
    );
  }
}

function detectionRows(outcomes: RunOutcome[], kind: string | null): string[] {
  return Object.entries(DETECTORS).map(([name, signals]) => {
    const aurocs: number[] = [];
    const aps: number[] = [];
    const pks: number[] = [];
    for (const o of outcomes) {
      // Per kind: that kind vs the clean recordings (the other planted kinds left out).
      const keep = o.ids.map(
        (id) => kind === null || !o.planted.has(id) || o.planted.get(id) === kind,
      );
      const ids = o.ids.filter((_, i) => keep[i]);
      const sig = Object.fromEntries(
        Object.entries(o.signals).map(([k, v]) => [k, v.filter((_, i) => keep[i])]),
      );
      const scores = scoreRecordings(ids, sig, {
        signals,
        threshold: Number.MAX_VALUE,
        calibration: 'ranking only',
      });
      const byId = new Map(scores.recordings.map((r) => [r.id, r.score]));
      const s = ids.map((id) => byId.get(id)!);
      const positive = ids.map((id) => o.planted.has(id));
      const k = positive.filter(Boolean).length;
      if (k === 0) continue;
      aurocs.push(auroc(s, positive)!);
      aps.push(averagePrecision(s, positive)!);
      pks.push(precisionAtK(s, positive, k));
    }
    return `| ${name} | ${meanSd(aurocs)} | ${meanSd(aps)} | ${meanSd(pks)} |`;
  });
}

const out: string[] = [];
const head = '| detector | AUROC | average precision | precision@k |\n| --- | --: | --: | --: |';
if (results.mislabel) {
  out.push(
    `\n**10 % mislabelled** (${seeds.length} seeds):\n\n${head}`,
    ...detectionRows(results.mislabel, null),
  );
}
if (results.signal) {
  for (const kind of ['silent', 'clipped', 'wrong-tone', 'noise-burst']) {
    out.push(
      `\n**${kind}** (vs clean recordings, ${seeds.length} seeds):\n\n${head}`,
      ...detectionRows(results.signal, kind),
    );
  }
}
if (results.clean) {
  out.push(
    `\n**Clean data: fraction of training recordings flagged** (score ≥ threshold; pooled over ${seeds.length} seeds; max over seeds in brackets):\n`,
    `| detector | ${THRESHOLDS.map((t) => `z ≥ ${t}`).join(' | ')} | 95th percentile of pooled scores |`,
    `| --- | ${THRESHOLDS.map(() => '--:').join(' | ')} | --: |`,
  );
  for (const [name, signals] of Object.entries(DETECTORS)) {
    const cells = THRESHOLDS.map((threshold) => {
      const rates = results.clean.map((o) => {
        const r = scoreRecordings(o.ids, o.signals, { signals, threshold, calibration: '' });
        return r.flagged / o.ids.length;
      });
      const pooled = rates.reduce((a, b) => a + b, 0) / rates.length;
      return `${(100 * pooled).toFixed(1)} % (${(100 * Math.max(...rates)).toFixed(1)} %)`;
    });
    const pooled = results.clean
      .flatMap(
        (o) =>
          scoreRecordings(o.ids, o.signals, { signals, threshold: 0, calibration: '' }).recordings,
      )
      .map((r) => r.score)
      .sort((x, y) => x - y);
    const p95 = pooled[Math.ceil(0.95 * pooled.length) - 1];
    out.push(`| ${name} | ${cells.join(' | ')} | ${p95.toFixed(2)} |`);
  }
}
const all = Object.values(results).flat();
out.push(
  `\n**Time** (mean of ${all.length} runs, seconds): run ${meanSd(all.map((o) => o.seconds.total))}, of which audit ${meanSd(all.map((o) => o.seconds.audit))}, probes (8 batches) ${meanSd(all.map((o) => o.seconds.probe))}, training steps ${meanSd(all.map((o) => o.seconds.train))}; final validation Spearman ${meanSd(all.map((o) => o.finalSpearman))}`,
);
console.log(
  `audit bench ${new Date().toISOString()}: ${values.difficulty} synthetic, ${epochs} epochs, audit at every ${every}th, ResNet-${values.depth} width ${values.width}, ${size}×${size}, ${values.partners} partners, seeds ${seeds.join(', ')}`,
);
console.log(out.join('\n'));
if (values.json) {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(
    values.json,
    JSON.stringify(results, (_, v) => (v instanceof Map ? [...v] : v)),
  );
}
