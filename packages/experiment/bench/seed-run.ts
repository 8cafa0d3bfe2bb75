/**
 * The default seed run end to end, as a user starts it (`node apps/tui/dist/cli.js --headless`,
 * built, synthetic data, 64×64, ResNet-18, 30 epochs, probes of the trainer's default size after
 * epochs 5, 10, …), against PyTorch doing the same compute (`torch-seed-run.py`, next to this
 * file), back to back and alternating, `--runs` times each. Prints wall and CPU seconds of every
 * run, the ratio of the fastest runs (and of the medians), and the fastest ranker run's breakdown
 * as the experiment measured it (its runEnd timings, printed on the CLI's `time:` line); "start-up
 * and rest" is the wall time outside the measured parts (node, imports, worker thread, process
 * exit). Asserts nothing about time.
 *
 * `epochs` below 30 shortens both sides alike, for development only: the recorded figure is
 * the full seed run. The CLI must be built (`pnpm turbo run build --filter=tui...`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PROBE } from '@ranker/trainer';
import { pythonWithTorch } from '../../model/bench/torch-reference.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(repo, 'apps/tui/dist/cli.js');
const torchScript = fileURLToPath(new URL('torch-seed-run.py', import.meta.url));

interface Measured {
  wallS: number;
  cpuS: number;
  stdout: string;
}

/** Wall and CPU (user + system, children included) seconds of one command, from GNU time. */
function measure(command: string, args: string[]): Measured {
  const run = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const times = /TIME ([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(run.stderr);
  if (run.status !== 0 || !times) {
    throw new Error(
      `${command} ${args.join(' ')} failed (exit ${run.status}): ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`,
    );
  }
  return { wallS: Number(times[1]), cpuS: Number(times[2]) + Number(times[3]), stdout: run.stdout };
}

const PARTS = {
  'data and model': 'open',
  training: 'train',
  probes: 'probe',
  validation: 'validation',
  checkpoints: 'checkpoint',
  report: 'report',
  'gradient analysis': 'analysis',
} as const;
type Part = (typeof PARTS)[keyof typeof PARTS];

/** The CLI's `time:` line (apps/tui summary.ts) → seconds per part. */
function ranksBreakdown(stdout: string): Record<Part, number> {
  const line = stdout.split('\n').find((l) => l.startsWith('time: '));
  if (!line) throw new Error(`the CLI printed no 'time:' line:\n${stdout.slice(-2000)}`);
  const parts = {} as Record<Part, number>;
  for (const [label, part] of Object.entries(PARTS)) {
    const match = new RegExp(`${label} ([\\d.]+) s`).exec(line);
    if (!match) throw new Error(`'${label}' missing from: ${line}`);
    parts[part] = Number(match[1]);
  }
  return parts;
}

/** Batches each probe of a finished run drew (its probe records, by epoch). */
function probeCounts(runDir: string): number[] {
  const dir = join(runDir, 'probes');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^epoch-\d+\.json$/.test(f))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).probe.batches as number);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f1 = (x: number) => x.toFixed(1);

/** The seed run `runs` times each side, `epochs` epochs; prints the runs and the table. */
export function seedRunBench({ runs, epochs }: { runs: number; epochs: number }): void {
  if (!existsSync(cli)) {
    throw new Error(`${cli} is missing: build first (pnpm turbo run build --filter=tui...)`);
  }
  const python = pythonWithTorch();
  const analysisEpochs = Array.from({ length: Math.floor(epochs / 5) }, (_, i) => 5 * (i + 1));
  console.log(
    `seed run: ResNet-18, 64×64, synthetic, ${epochs} epochs × 12 steps of B = 4 pairs, probes after epochs ${analysisEpochs.join(', ') || 'none'} (the trainer's default, ${JSON.stringify(DEFAULT_PROBE)}: PyTorch draws as many batches as each ranker probe did), validation after every epoch`,
  );
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model}, node ${process.version}, ${new Date().toISOString()}`,
  );
  console.log(
    python ? `PyTorch: ${python}` : 'PyTorch: none (no python imports torch; set RANKER_PYTHON)',
  );

  const out = mkdtempSync(join(tmpdir(), 'ranker-seed-bench-'));
  const ranker: { wallS: number; cpuS: number; parts: Record<Part, number> }[] = [];
  const torch: { wallS: number; cpuS: number; parts: Record<string, number> }[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const r = measure(process.execPath, [
        cli,
        '--headless',
        '--epochs',
        String(epochs),
        '--out',
        join(out, `run-${i}`),
      ]);
      ranker.push({ ...r, parts: ranksBreakdown(r.stdout) });
      const counts = probeCounts(join(out, `run-${i}`));
      rmSync(join(out, `run-${i}`), { recursive: true, force: true });
      if (python) {
        const t = measure(python, [
          torchScript,
          '--probe-batches',
          counts.length > 0 ? counts.join(',') : '0',
          '--epochs',
          String(epochs),
          '--threads',
          String(cpus().length),
        ]);
        torch.push({ ...t, parts: JSON.parse(t.stdout.trim().split('\n').pop() as string) });
      }
      const last = ranker.at(-1) as (typeof ranker)[number];
      // Each run's figures as they come, so that a bench stopped early still leaves them.
      console.log(
        `run ${i + 1}/${runs}: ranker ${f1(last.wallS)} s wall, ${f1(last.cpuS)} s CPU, probe batches ${counts.join(', ')} · ${r.stdout.split('\n').find((l) => l.startsWith('time: '))}`,
      );
      if (torch[i]) {
        console.log(
          `run ${i + 1}/${runs}: PyTorch ${f1(torch[i].wallS)} s wall, ${f1(torch[i].cpuS)} s CPU · ${JSON.stringify(torch[i].parts)}`,
        );
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }

  // On a shared machine other processes only ever add time, so the fastest run of each side is the
  // least disturbed estimate of its cost; the breakdown is that run's. Medians are printed too.
  const fastest = <T extends { wallS: number }>(xs: T[]) =>
    xs.reduce((best, x) => (x.wallS < best.wallS ? x : best));
  const rankerBest = fastest(ranker);
  const torchBest = torch.length ? fastest(torch) : null;
  const rows: [string, string, string][] = [];
  const both = (label: string, r: number[], t: number[]) =>
    rows.push([label, r.map(f1).join(' / '), t.length ? t.map(f1).join(' / ') : '—']);
  both(
    'wall (s), each run',
    ranker.map((r) => r.wallS),
    torch.map((t) => t.wallS),
  );
  both(
    'CPU user+sys (s), each run',
    ranker.map((r) => r.cpuS),
    torch.map((t) => t.cpuS),
  );
  const p = rankerBest.parts;
  const tp = (key: string) => (torchBest ? [torchBest.parts[key]] : []);
  const measured = p.open + p.train + p.probe + p.validation + p.checkpoint + p.report;
  both('fastest run: wall (s)', [rankerBest.wallS], torchBest ? [torchBest.wallS] : []);
  both('  start-up and rest (wall − parts)', [rankerBest.wallS - measured], tp('startup'));
  both('  data and model', [p.open], []);
  both('  training', [p.train], tp('training'));
  both('  probes', [p.probe], tp('probes'));
  both('    gradient analysis (in both)', [p.analysis], []);
  both('  validation', [p.validation], tp('validation'));
  both('  checkpoints', [p.checkpoint], []);
  both('  report', [p.report], []);

  const width = [34, 30, 30];
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i])).join(' | ')} |`;
  console.log();
  console.log(line(['seconds', 'ranker (CLI --headless)', 'PyTorch 1.13 script']));
  console.log(`|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  console.log();
  if (torchBest) {
    const rankerMedian = median(ranker.map((r) => r.wallS));
    const torchMedian = median(torch.map((t) => t.wallS));
    console.log(
      `ranker / PyTorch wall: fastest runs ${(rankerBest.wallS / torchBest.wallS).toFixed(2)}× (${f1(rankerBest.wallS)} s / ${f1(torchBest.wallS)} s), medians ${(rankerMedian / torchMedian).toFixed(2)}× (${f1(rankerMedian)} s / ${f1(torchMedian)} s)`,
    );
  } else {
    console.log(
      `ratio: — (no PyTorch on this machine); ranker fastest wall ${f1(rankerBest.wallS)} s`,
    );
  }
}
