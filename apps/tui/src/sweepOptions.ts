import { isAbsolute, resolve } from 'node:path';
import { describeSyntheticCondition } from '@ranker/dsp';
import { cellId, cellRunId, type SweepCell, type SweepPlan } from '@ranker/experiment';
import { TuiError } from './errors.js';
import { defaultOptions, FLAGS, QUICK_PRESET, type RunOptions } from './options.js';
import { experimentSource } from './runConfig.js';

/** `ranker sweep` flags besides the run flags. */
export interface SweepOptions {
  plan: SweepPlan;
  out: string; // the sweep directory
  workers: number; // local worker processes
  queue: string | null; // redis://HOST:PORT, or null for the local executor
  lang: string;
  headless: boolean;
}

/** The run flags a grid may vary, by the name given on the command line (`--frequency` = `--freq`). */
const ALIASES: Record<string, string> = { frequency: 'freq' };
/** Run flags that make no sense per cell. */
const NOT_IN_SWEEPS = new Set(['out', 'resume', 'lang']);

/** Seeds 1…N for `--seeds N`. */
const seedsUpTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** `sweeps/<YYYYMMDD_HHMMSS>`, like a run's default directory. */
function defaultSweepDir(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `sweeps/${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}_${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}

function positiveInteger(text: string, where: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) {
    throw new TuiError('bad-option', `${where}: expected an integer ≥ 1, got '${text}'`);
  }
  return Number(text);
}

/**
 * `ranker sweep [run flags as comma lists] [--seeds N] [--workers N] [--queue URL] [--out DIR]`.
 * Every value of every list is checked by its run flag's own parser; all errors are reported at
 * once, each naming the flag and the value. A flag with several values is a grid axis (in the
 * order given); the cells are the grid's product times the seeds.
 */
export function parseSweepOptions(
  argv: readonly string[],
  env: { cwd: string; now?: Date },
): SweepOptions {
  const errors: string[] = [];
  const lists = new Map<string, string[]>(); // flag as typed → values
  const switches = new Set<string>();
  const sweepFlags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      errors.push(`unexpected argument '${arg}': flags start with -- (see ranker sweep --help)`);
      continue;
    }
    const at = arg.indexOf('=');
    const name = at < 0 ? arg.slice(2) : arg.slice(2, at);
    if (name === 'quick' || name === 'headless') {
      switches.add(name);
      continue;
    }
    const value = at < 0 ? argv[++i] : arg.slice(at + 1);
    if (value === undefined || (at < 0 && value.startsWith('--'))) {
      errors.push(`--${name}: expected a value after the flag`);
      if (value?.startsWith('--')) i--;
      continue;
    }
    const flagName = ALIASES[name] ?? name;
    if (['seeds', 'workers', 'queue', 'out', 'lang'].includes(name)) sweepFlags.set(name, value);
    else if (NOT_IN_SWEEPS.has(flagName)) errors.push(`--${name} cannot be used in a sweep`);
    else if (!FLAGS.some((f) => f.name === flagName))
      errors.push(`unknown flag --${name} (see ranker sweep --help)`);
    else if (lists.has(name)) errors.push(`--${name} given twice: give one comma list`);
    else lists.set(name, value.split(','));
  }

  const base = defaultOptions(env.now);
  if (switches.has('quick')) Object.assign(base, QUICK_PRESET, { quick: true });
  const axes: {
    name: string;
    key: keyof RunOptions;
    values: { text: string; value: unknown }[];
  }[] = [];
  for (const [name, texts] of lists) {
    const flag = FLAGS.find((f) => f.name === (ALIASES[name] ?? name))!;
    const seen = new Set<string>();
    const values: { text: string; value: unknown }[] = [];
    for (const text of texts) {
      try {
        const value = flag.parse(text, `--${name}`);
        const key = JSON.stringify(value);
        if (seen.has(key)) errors.push(`--${name}: value '${text}' is given twice`);
        seen.add(key);
        values.push({ text: text.trim(), value });
      } catch (error) {
        if (!(error instanceof TuiError)) throw error;
        errors.push(error.message);
      }
    }
    axes.push({ name, key: flag.key, values });
  }

  let seeds = [base.seed];
  const seedAxis = axes.find((a) => a.key === 'seed');
  if (sweepFlags.has('seeds')) {
    try {
      seeds = seedsUpTo(positiveInteger(sweepFlags.get('seeds')!, '--seeds'));
    } catch (error) {
      errors.push((error as Error).message);
    }
    if (seedAxis) errors.push('--seeds and --seed cannot be combined: give one of them');
  } else if (seedAxis) {
    seeds = seedAxis.values.map((v) => v.value as number);
  }
  let workers = 1;
  if (sweepFlags.has('workers')) {
    try {
      workers = positiveInteger(sweepFlags.get('workers')!, '--workers');
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  const lang = sweepFlags.get('lang') ?? 'en';
  try {
    FLAGS.find((f) => f.name === 'lang')!.parse(lang, '--lang');
  } catch (error) {
    errors.push((error as Error).message);
  }
  if (errors.length > 0) throw new TuiError('bad-option', errors.join('\n'));

  const grid = axes.filter((a) => a.key !== 'seed' && a.values.length > 1);
  const fixed = axes.filter((a) => a.key !== 'seed' && a.values.length === 1);
  for (const axis of fixed)
    (base as unknown as Record<string, unknown>)[axis.key] = axis.values[0].value;
  if (base.data !== 'synthetic') base.data = resolve(env.cwd, base.data);
  const rawOut = sweepFlags.get('out') ?? defaultSweepDir(env.now ?? new Date());
  const out = isAbsolute(rawOut) ? rawOut : resolve(env.cwd, rawOut);

  const cells: SweepCell[] = [];
  const combinations = grid.reduce<{ text: string; value: unknown }[][]>(
    (acc, axis) => acc.flatMap((combo) => axis.values.map((v) => [...combo, v])),
    [[]],
  );
  for (const combo of combinations) {
    for (const seed of seeds) {
      const options: RunOptions = { ...base, seed, lang };
      const parameters: Record<string, string | number> = {};
      combo.forEach((v, i) => {
        (options as unknown as Record<string, unknown>)[grid[i].key] = v.value;
        parameters[grid[i].name] = typeof v.value === 'number' ? v.value : v.text;
      });
      const id = cellId(parameters, seed);
      const runId = cellRunId(id);
      const source = experimentSource({
        ...options,
        resume: null,
        out: resolve(out, 'runs', runId),
      });
      if (!('start' in source)) throw new Error('a sweep cell is always a new run');
      const { outDir: _, runId: __, ...run } = source.start;
      cells.push({
        id,
        parameters,
        seed,
        runId,
        run,
        conditionNote:
          options.data === 'synthetic'
            ? describeSyntheticCondition(options.material, options.frequencyHz)
            : null,
      });
    }
  }
  const spec = {
    grid: Object.fromEntries(grid.map((a) => [a.name, a.values.map((v) => v.text)])),
    fixed: Object.fromEntries(fixed.map((a) => [a.name, a.values[0].text])),
    seeds,
    quick: base.quick,
  };
  return {
    plan: { spec, cells },
    out,
    workers,
    queue: sweepFlags.get('queue') ?? null,
    lang,
    headless: switches.has('headless'),
  };
}

/** `ranker worker --queue URL [--out DIR]`. */
export function parseWorkerOptions(
  argv: readonly string[],
  env: { cwd: string },
): { queue: string; out: string } {
  const given = new Map<string, string>();
  const errors: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const at = arg.indexOf('=');
    const name = arg.startsWith('--') ? (at < 0 ? arg.slice(2) : arg.slice(2, at)) : '';
    if (name !== 'queue' && name !== 'out') {
      errors.push(`unknown flag ${arg} (ranker worker takes --queue URL and --out DIR)`);
      continue;
    }
    const value = at < 0 ? argv[++i] : arg.slice(at + 1);
    if (value === undefined) errors.push(`--${name}: expected a value after the flag`);
    else given.set(name, value);
  }
  if (!given.has('queue')) errors.push('--queue: required (redis://HOST:PORT)');
  if (errors.length > 0) throw new TuiError('bad-option', errors.join('\n'));
  const out = given.get('out') ?? 'worker-runs';
  return { queue: given.get('queue')!, out: isAbsolute(out) ? out : resolve(env.cwd, out) };
}
