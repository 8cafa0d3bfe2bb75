import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import {
  DspError,
  type PlantSpec,
  parsePlantSpec,
  SYNTHETIC_DIFFICULTY,
  type SyntheticDifficulty,
} from '@ranker/dsp';
import { resolveRunConfig } from '@ranker/experiment';
import { BACKEND_NAMES, type BackendName, inputShapeProblem, MIN_INPUT_SIZE } from '@ranker/model';
import { LANGUAGES } from '@ranker/report';
import { TuiError } from './errors.js';

/** Everything one run needs; the defaults are the seed experiment (plastic, 3000 Hz, ResNet-18). */
export interface RunOptions {
  data: string; // 'synthetic' or a folder / manifest path
  difficulty: SyntheticDifficulty; // nuisance preset of the synthetic generator
  material: string;
  frequencyHz: number;
  resample: boolean; // mixed sample rates: resample to the most common one instead of refusing
  windowStartS: number; // start of each recording's analysis window (s)
  plant: PlantSpec | null; // faults planted into the data (ground truth for the audit); implies audit
  audit: boolean; // data audit: per-recording scores, audit.json and the report's section
  epochs: number;
  batchSize: number; // pairs per step
  learningRate: number;
  weightDecay: number;
  margin: number;
  analyzeEvery: number; // probe every N epochs
  probeBatches: number; // batches of batchSize pairs per probe (fixed count)
  probeUntil: number | null; // stop a probe once B_simple's relative half-width ≤ this (null: fixed count)
  probeMaxBatches: number; // cap on a probe's batches with probeUntil
  input: [number, number]; // [height, width]
  depth: 10 | 18 | 34;
  width: number; // width multiplier (1 = 64/128/256/512 channels)
  backend: BackendName;
  seed: number;
  out: string; // run directory
  lang: string;
  resume: string | null;
  headless: boolean;
  quick: boolean;
  config: string | null;
}

type Key = Exclude<keyof RunOptions, 'quick' | 'config' | 'headless' | 'resample' | 'audit'>;

interface Flag {
  name: string; // without the dashes
  key: Key;
  value: string; // what the help shows after the flag
  description: string;
  parse: (text: string, where: string) => RunOptions[Key];
}

const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER) =>
  (text: string, where: string): number => {
    const n = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`;
      throw new TuiError('bad-option', `${where}: expected an integer ${range}, got '${text}'`);
    }
    return n;
  };

const positiveNumber = (text: string, where: string): number => {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new TuiError('bad-option', `${where}: expected a number > 0, got '${text}'`);
  }
  return n;
};

const nonNegativeNumber = (text: string, where: string): number => {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new TuiError('bad-option', `${where}: expected a number ≥ 0, got '${text}'`);
  }
  return n;
};

const nonEmpty = (text: string, where: string): string => {
  if (text.trim() === '') throw new TuiError('bad-option', `${where}: expected a value`);
  return text;
};

const inputShape = (text: string, where: string): [number, number] => {
  const match = /^(\d+)x(\d+)$/.exec(text.trim());
  const shape: [number, number] = [Number(match?.[1]), Number(match?.[2])];
  if (!match || inputShapeProblem(shape) !== null) {
    throw new TuiError(
      'bad-option',
      `${where}: expected HEIGHTxWIDTH with each ≥ ${MIN_INPUT_SIZE} (e.g. 64x64), got '${text}'`,
    );
  }
  return shape;
};

const oneOf =
  <T extends string | number>(choices: readonly T[]) =>
  (text: string, where: string): T => {
    const found = choices.find((c) => String(c) === text.trim());
    if (found === undefined) {
      throw new TuiError(
        'bad-option',
        `${where}: expected one of ${choices.join(', ')}, got '${text}'`,
      );
    }
    return found;
  };

const language = oneOf(LANGUAGES);

/** dsp owns the syntax (every bad item at once, each naming the flag); shown as a flag error. */
const plantSpec = (text: string, where: string): PlantSpec => {
  try {
    return parsePlantSpec(text, where);
  } catch (error) {
    if (error instanceof DspError) throw new TuiError('bad-option', error.message);
    throw error;
  }
};

export const FLAGS: readonly Flag[] = [
  {
    name: 'data',
    key: 'data',
    value: 'DIR|synthetic',
    description: "dataset: WAV folder, manifest .csv or 'synthetic'",
    parse: nonEmpty,
  },
  {
    name: 'difficulty',
    key: 'difficulty',
    value: Object.keys(SYNTHETIC_DIFFICULTY).join('|'),
    description: 'measurement nuisance of the synthetic data (--data synthetic only)',
    parse: oneOf(Object.keys(SYNTHETIC_DIFFICULTY) as SyntheticDifficulty[]),
  },
  {
    name: 'material',
    key: 'material',
    value: 'NAME',
    description: 'material to train on',
    parse: nonEmpty,
  },
  {
    name: 'freq',
    key: 'frequencyHz',
    value: 'HZ',
    description: 'tone frequency (Hz)',
    parse: positiveNumber,
  },
  {
    name: 'window-start',
    key: 'windowStartS',
    value: 'SECONDS',
    description: 'start of the analysed part of each recording (s)',
    parse: nonNegativeNumber,
  },
  {
    name: 'plant',
    key: 'plant',
    value: 'SPEC',
    description:
      'plant faults to measure the data audit, e.g. mislabel=0.1,silent=2 (a fraction with a decimal point, or a count; kinds mislabel, silent, clipped, wrong-tone, noise-burst); turns on --audit and writes planted.json',
    parse: plantSpec,
  },
  { name: 'epochs', key: 'epochs', value: 'N', description: 'training epochs', parse: integer(1) },
  {
    name: 'batch-size',
    key: 'batchSize',
    value: 'B',
    description: 'ranking pairs per step',
    parse: integer(1),
  },
  {
    name: 'lr',
    key: 'learningRate',
    value: 'RATE',
    description: 'Adam learning rate',
    parse: positiveNumber,
  },
  {
    name: 'weight-decay',
    key: 'weightDecay',
    value: 'WD',
    description: 'L2 weight decay (PyTorch Adam)',
    parse: nonNegativeNumber,
  },
  {
    name: 'margin',
    key: 'margin',
    value: 'M',
    description: 'margin of the ranking loss',
    parse: positiveNumber,
  },
  {
    name: 'analyze-every',
    key: 'analyzeEvery',
    value: 'N',
    description: 'probe the batch gradients every N epochs',
    parse: integer(1),
  },
  {
    name: 'probe-batches',
    key: 'probeBatches',
    value: 'N',
    description:
      'batches of B pairs a probe draws from all valid pairs (the fewest with --probe-until)',
    parse: integer(3),
  },
  {
    name: 'probe-until',
    key: 'probeUntil',
    value: 'H|off',
    description:
      "after --probe-batches, draw probe batches until B_simple's 95% interval half-width ≤ H × B_simple, at most --probe-max-batches; off: exactly --probe-batches",
    parse: (text: string, where: string) => (text === 'off' ? null : positiveNumber(text, where)),
  },
  {
    name: 'probe-max-batches',
    key: 'probeMaxBatches',
    value: 'N',
    description: 'cap on the batches of a --probe-until probe',
    parse: integer(8),
  },
  {
    name: 'input',
    key: 'input',
    value: 'HxW',
    description: 'spectrogram size fed to the model',
    parse: inputShape,
  },
  {
    name: 'depth',
    key: 'depth',
    value: '10|18|34',
    description: 'ResNet depth',
    parse: oneOf([10, 18, 34] as const),
  },
  {
    name: 'width',
    key: 'width',
    value: 'W',
    description: 'ResNet width multiplier (1 = 64..512 channels)',
    parse: positiveNumber,
  },
  {
    name: 'backend',
    key: 'backend',
    value: 'NAME',
    description: `TensorFlow.js backend: ${BACKEND_NAMES.join('|')}`,
    parse: oneOf(BACKEND_NAMES),
  },
  {
    name: 'seed',
    key: 'seed',
    value: 'N',
    description: 'random seed (data, pairs, weights)',
    parse: integer(0),
  },
  { name: 'out', key: 'out', value: 'DIR', description: 'run directory', parse: nonEmpty },
  {
    name: 'lang',
    key: 'lang',
    value: 'TAG',
    description: 'language of the report',
    parse: language,
  },
  {
    name: 'resume',
    key: 'resume',
    value: 'DIR',
    description: 'continue an interrupted run from its directory',
    parse: nonEmpty,
  },
];

/** `runs/<YYYYMMDD_HHMMSS>`, the seed's experiment-id format. */
function defaultRunDir(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}_${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `runs/${stamp}`;
}

/**
 * The seed experiment (plastic at 3000 Hz): the trainer's defaults, which take theirs from dsp
 * and the model, so that a library call and a CLI run with no flags are the same run.
 */
export function defaultOptions(now = new Date()): RunOptions {
  const { data, model, training, backend } = resolveRunConfig({ outDir: '.' }, now);
  return {
    data: data.source,
    difficulty: data.difficulty,
    material: data.material,
    frequencyHz: data.frequencyHz,
    resample: data.resample === true,
    windowStartS: data.windowStartS,
    plant: null,
    audit: false,
    epochs: training.epochs,
    batchSize: training.batchSize,
    learningRate: training.learningRate,
    weightDecay: training.weightDecay,
    margin: training.margin,
    analyzeEvery: training.analysisEpochs[0], // the default epochs are every 5th
    probeBatches: training.probe.batches,
    probeUntil: training.probe.until,
    probeMaxBatches: training.probe.maxBatches,
    input: data.size,
    depth: model.depth,
    width: model.widthMultiplier,
    backend,
    seed: training.seed,
    out: defaultRunDir(now),
    lang: 'en',
    resume: null,
    headless: false,
    quick: false,
    config: null,
  };
}

/** `--quick`: a tiny model for a look at the whole pipeline in well under a minute. */
export const QUICK_PRESET: Partial<RunOptions> = {
  epochs: 4,
  analyzeEvery: 2,
  probeBatches: 12,
  probeUntil: null, // a fixed 12: a glance, not a measurement
  depth: 10,
  width: 0.125,
  input: [32, 32],
};

export type ParsedCommand = { kind: 'help' } | { kind: 'run'; options: RunOptions };

interface Environment {
  cwd: string; // where relative paths are resolved (pnpm's INIT_CWD when started by pnpm)
  now?: Date;
  readFile?: (path: string) => string;
}

const SWITCHES = ['help', 'headless', 'quick', 'resample', 'audit'] as const;

/**
 * Parses argv (without node and the script). Precedence, lowest first: the seed defaults,
 * `--quick`, the `--config` JSON file, the flags. Paths are resolved against `env.cwd`.
 */
export function parseOptions(argv: readonly string[], env: Environment): ParsedCommand {
  const given = new Map<string, { text: string; where: string }>();
  const switches = new Set<string>();
  let config: string | null = null;
  const args = argv[0] === '--' ? argv.slice(1) : argv; // `pnpm start -- --quick`
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h') {
      switches.add('help');
      continue;
    }
    if (!arg.startsWith('--')) {
      throw new TuiError(
        'bad-option',
        `unexpected argument '${arg}': flags start with -- (see --help)`,
      );
    }
    const [name, inline] = splitOnce(arg.slice(2));
    if ((SWITCHES as readonly string[]).includes(name)) {
      if (inline !== undefined) throw new TuiError('bad-option', `--${name} takes no value`);
      switches.add(name);
      continue;
    }
    const known = name === 'config' || FLAGS.some((f) => f.name === name);
    if (!known) throw new TuiError('unknown-option', `unknown flag --${name} (see --help)`);
    const text = inline ?? args[++i];
    if (text === undefined || (inline === undefined && text.startsWith('--'))) {
      throw new TuiError('bad-option', `--${name}: expected a value after the flag`);
    }
    if (name === 'config') config = text;
    else given.set(name, { text, where: `--${name}` });
  }
  if (switches.has('help')) return { kind: 'help' };

  const options = defaultOptions(env.now);
  if (switches.has('quick')) Object.assign(options, QUICK_PRESET, { quick: true });
  if (config !== null) {
    const path = resolve(env.cwd, config);
    for (const [name, value] of readConfig(path, env.readFile)) {
      if (!given.has(name)) given.set(name, value);
    }
    options.config = path;
  }
  for (const flag of FLAGS) {
    const value = given.get(flag.name);
    if (value)
      (options as unknown as Record<string, unknown>)[flag.key] = flag.parse(
        value.text,
        value.where,
      );
  }
  options.headless = switches.has('headless');
  options.resample = switches.has('resample');
  options.audit = switches.has('audit') || options.plant !== null;
  if (options.data !== 'synthetic') options.data = resolve(env.cwd, options.data);
  options.out = isAbsolute(options.out) ? options.out : resolve(env.cwd, options.out);
  if (options.resume !== null) {
    options.resume = resolve(env.cwd, options.resume);
    if (given.has('out')) {
      throw new TuiError(
        'bad-option',
        '--out: cannot be combined with --resume (a resumed run continues in its own directory)',
      );
    }
    options.out = options.resume;
  }
  return { kind: 'run', options };
}

function splitOnce(text: string): [string, string | undefined] {
  const at = text.indexOf('=');
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** A config file is a JSON object keyed by flag names: `{ "epochs": 10, "input": "64x64" }`. */
function readConfig(
  path: string,
  readFile = (p: string) => readFileSync(p, 'utf8'),
): [string, { text: string; where: string }][] {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new TuiError(
      'config-unreadable',
      `--config ${path}: cannot read the file (${(error as Error).message})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TuiError(
      'config-invalid',
      `--config ${path}: expected JSON (${(error as Error).message})`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TuiError(
      'config-invalid',
      `--config ${path}: expected a JSON object keyed by flag names`,
    );
  }
  return Object.entries(parsed).map(([name, value]) => {
    if (!FLAGS.some((f) => f.name === name)) {
      throw new TuiError(
        'config-invalid',
        `--config ${path}: unknown key '${name}' (keys are flag names, see --help)`,
      );
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new TuiError(
        'config-invalid',
        `--config ${path}: key '${name}' must be a string or number`,
      );
    }
    return [name, { text: String(value), where: `${path}: ${name}` }];
  });
}

/** The `--help` text: every flag with its default. */
export function helpText(): string {
  const defaults = defaultOptions(new Date(0));
  const shown = (flag: Flag): string => {
    if (flag.name === 'out') return 'runs/<timestamp>';
    if (flag.name === 'resume' || flag.name === 'plant') return 'none';
    const value = defaults[flag.key];
    return Array.isArray(value) ? value.join('x') : String(value);
  };
  const rows: [string, string][] = [
    ...FLAGS.map((f): [string, string] => [
      `--${f.name} ${f.value}`,
      `${f.description} (default ${shown(f)})`,
    ]),
    ['--config FILE', 'JSON object of flag names to values; flags given on the command line win'],
    [
      '--quick',
      'tiny preset for a fast look: ResNet-10 width 0.125, 32x32, 4 epochs, probe every 2',
    ],
    [
      '--resample',
      'resample recordings at other sample rates to the most common one (linear interpolation); without it mixed rates are refused',
    ],
    [
      '--audit',
      'data audit: rank the training recordings by how often the model mis-orders their pairs (audit.json, report section "Data audit"); measured far short of its targets (AUROC ≥ 0.95, precision@k ≥ 0.8): 10 % mislabelled gave AUROC 0.57 ± 0.10 (hard) and 0.66 ± 0.08 (realistic synthetic data), so listen before you delete anything',
    ],
    [
      '--headless',
      'plain progress lines instead of the dashboard (automatic without a TTY or with CI set)',
    ],
    ['--help', 'this text'],
  ];
  const pad = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    'ranker — train the audio ranker and analyse its batch gradients live',
    '',
    'usage: ranker [flags]        (pnpm --filter tui start -- [flags])',
    '       ranker sweep --help   grids of runs, locally or on a BullMQ queue (ranker worker)',
    '',
    ...rows.map(([left, right]) => `  ${left.padEnd(pad)}${right}`),
    '',
    'keys: q stop (checkpoint + partial report, exit 0), p pause/resume, tab or 1-4 switch panel, r render report, h or ? help (Esc closes)',
    '',
    'exit codes: 0 completed or stopped by the user (resumable), 1 failed, 2 bad flags, 130 a second Ctrl-C before the checkpoint',
  ].join('\n');
}
