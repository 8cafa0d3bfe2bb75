import { describe, expect, it } from 'vitest';
import { TuiError } from '../src/errors.js';
import { FLAGS, helpText, parseOptions, QUICK_PRESET } from '../src/options.js';

const now = new Date(2026, 10, 26, 23, 36, 51);
const env = { cwd: '/home/u/project', now };
const run = (
  argv: string[],
  extra: Partial<typeof env & { readFile: (p: string) => string }> = {},
) => {
  const parsed = parseOptions(argv, { ...env, ...extra });
  if (parsed.kind !== 'run') throw new Error('expected a run');
  return parsed.options;
};
const failure = (argv: string[], extra = {}) => {
  try {
    parseOptions(argv, { ...env, ...extra });
  } catch (error) {
    expect(error).toBeInstanceOf(TuiError);
    return error as TuiError;
  }
  throw new Error('expected a TuiError');
};

describe('parseOptions', () => {
  it('defaults to the seed experiment', () => {
    const o = run([]);
    expect(o).toMatchObject({
      data: 'synthetic',
      difficulty: 'hard',
      material: 'plastic',
      frequencyHz: 3000,
      epochs: 30,
      batchSize: 4,
      learningRate: 1e-3,
      weightDecay: 1e-5,
      margin: 10,
      analyzeEvery: 5,
      probeBatches: 48,
      probeUntil: 0.5,
      probeMaxBatches: 192,
      input: [64, 64],
      depth: 18,
      width: 1,
      backend: 'auto',
      headless: false,
      resume: null,
      resample: false,
      windowStartS: 0,
    });
    expect(o.out).toBe('/home/u/project/runs/20261126_233651');
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    const o = run([
      '--data=wavs',
      '--difficulty',
      'hard',
      '--material',
      'box',
      '--freq',
      '500',
      '--epochs',
      '7',
      '--batch-size=8',
      '--lr',
      '0.01',
      '--weight-decay',
      '0',
      '--margin',
      '2',
      '--analyze-every',
      '3',
      '--probe-batches',
      '20',
      '--probe-until=0.5',
      '--probe-max-batches',
      '64',
      '--input',
      '32x48',
      '--depth',
      '34',
      '--width',
      '0.5',
      '--backend',
      'wasm',
      '--seed',
      '9',
      '--out',
      '/tmp/r',
      '--lang',
      'zh-TW',
      '--headless',
      '--window-start=0.25',
      '--resample',
    ]);
    expect(o).toMatchObject({
      data: '/home/u/project/wavs',
      difficulty: 'hard',
      material: 'box',
      frequencyHz: 500,
      epochs: 7,
      batchSize: 8,
      learningRate: 0.01,
      weightDecay: 0,
      margin: 2,
      analyzeEvery: 3,
      probeBatches: 20,
      probeUntil: 0.5,
      probeMaxBatches: 64,
      input: [32, 48],
      depth: 34,
      width: 0.5,
      backend: 'wasm',
      seed: 9,
      out: '/tmp/r',
      lang: 'zh-TW',
      headless: true,
      windowStartS: 0.25,
      resample: true,
    });
  });

  it('skips the -- that pnpm passes through and applies --quick under explicit flags', () => {
    const o = run(['--', '--quick', '--epochs', '2']);
    expect(o.quick).toBe(true);
    expect(o.epochs).toBe(2);
    expect(o.depth).toBe(QUICK_PRESET.depth);
    expect(o.input).toEqual(QUICK_PRESET.input);
  });

  it('resumes in the resumed directory, which --out cannot change', () => {
    expect(run(['--resume', 'runs/a']).out).toBe('/home/u/project/runs/a');
    expect(failure(['--resume', 'runs/a', '--out', 'runs/b']).message).toBe(
      '--out: cannot be combined with --resume (a resumed run continues in its own directory)',
    );
  });

  it('returns help for --help and -h', () => {
    expect(parseOptions(['--epochs', '3', '--help'], env)).toEqual({ kind: 'help' });
    expect(parseOptions(['-h'], env)).toEqual({ kind: 'help' });
  });

  it('--plant parses a fault spec and turns the audit on; --audit alone audits without planting', () => {
    const o = run(['--plant', 'mislabel=0.1,silent=2']);
    expect(o.plant).toEqual({ mislabel: { fraction: 0.1 }, silent: { count: 2 } });
    expect(o.audit).toBe(true);
    expect(run(['--audit'])).toMatchObject({ audit: true, plant: null });
    expect(run([])).toMatchObject({ audit: false, plant: null });
    expect(run(['--config', 'c.json'], { readFile: () => '{"plant": "clipped=1"}' }).plant).toEqual(
      { clipped: { count: 1 } },
    );
  });

  it('bad --plant values: every bad item at once, each naming the flag', () => {
    const error = failure(['--plant', 'hum=0.1,mislabel=1.5']);
    expect(error.code).toBe('bad-option');
    expect(error.message).toContain("--plant: unknown fault kind 'hum'");
    expect(error.message).toContain('--plant: mislabel=1.5 is a fraction outside [0, 1]');
    expect(failure(['--plant', 'silent=-0.2']).message).toContain('--plant');
    expect(failure(['--audit=yes']).message).toBe('--audit takes no value');
  });

  it('takes the synthetic difficulty from a config file too', () => {
    const o = run(['--config', 'c.json'], { readFile: () => '{"difficulty": "easy"}' });
    expect(o.difficulty).toBe('easy');
  });

  it('names the flag and what was expected', () => {
    expect(failure(['--epochs', '0']).message).toBe("--epochs: expected an integer ≥ 1, got '0'");
    expect(failure(['--epochs', '2.5']).message).toBe(
      "--epochs: expected an integer ≥ 1, got '2.5'",
    );
    expect(failure(['--lr', 'fast']).message).toBe("--lr: expected a number > 0, got 'fast'");
    expect(failure(['--input', '16x64']).message).toBe(
      "--input: expected HEIGHTxWIDTH with each ≥ 32 (e.g. 64x64), got '16x64'",
    );
    expect(failure(['--depth', '50']).message).toBe(
      "--depth: expected one of 10, 18, 34, got '50'",
    );
    expect(failure(['--backend', 'metal']).message).toMatch(
      /^--backend: expected one of auto, .*cpu, got 'metal'$/,
    );
    expect(failure(['--difficulty', 'brutal']).message).toBe(
      "--difficulty: expected one of easy, realistic, hard, got 'brutal'",
    );
    expect(failure(['--probe-batches', '2']).message).toBe(
      "--probe-batches: expected an integer ≥ 3, got '2'",
    );
    expect(failure(['--probe-until', '0']).message).toBe(
      "--probe-until: expected a number > 0, got '0'",
    );
    expect(run(['--probe-until', 'off']).probeUntil).toBeNull();
    expect(failure(['--lang', 'fr']).message).toBe("--lang: expected one of en, zh-TW, got 'fr'");
    expect(failure(['--epochs']).message).toBe('--epochs: expected a value after the flag');
    expect(failure(['--epochs', '--quick']).message).toBe(
      '--epochs: expected a value after the flag',
    );
    const unknown = failure(['--epoch', '3']);
    expect(unknown.code).toBe('unknown-option');
    expect(unknown.message).toBe('unknown flag --epoch (see --help)');
    expect(failure(['fast']).message).toMatch(/unexpected argument 'fast'/);
  });
});

describe('config file', () => {
  const file = (text: string) => ({ readFile: () => text });

  it('sits between the defaults and the flags', () => {
    const o = run(
      ['--config', 'c.json', '--epochs', '3'],
      file('{"epochs": 10, "lr": 0.005, "input": "48x48"}'),
    );
    expect(o.epochs).toBe(3);
    expect(o.learningRate).toBe(0.005);
    expect(o.input).toEqual([48, 48]);
    expect(o.config).toBe('/home/u/project/c.json');
  });

  it('names the file and key at fault', () => {
    expect(failure(['--config', 'c.json'], file('{"epoks": 3}')).message).toBe(
      "--config /home/u/project/c.json: unknown key 'epoks' (keys are flag names, see --help)",
    );
    expect(failure(['--config', 'c.json'], file('{"epochs": -1}')).message).toBe(
      "/home/u/project/c.json: epochs: expected an integer ≥ 1, got '-1'",
    );
    expect(failure(['--config', 'c.json'], file('[1]')).code).toBe('config-invalid');
    expect(failure(['--config', 'c.json'], file('{epochs')).message).toMatch(
      /^--config \/home\/u\/project\/c.json: expected JSON/,
    );
    const missing = failure(['--config', 'none.json'], {
      readFile: () => {
        throw new Error('ENOENT');
      },
    });
    expect(missing.code).toBe('config-unreadable');
  });
});

describe('helpText', () => {
  it('lists every flag with its default', () => {
    const help = helpText();
    for (const flag of FLAGS) expect(help).toContain(`--${flag.name} `);
    expect(help).toMatch(/--epochs N +training epochs \(default 30\)/);
    expect(help).toMatch(/--input HxW +.*\(default 64x64\)/);
    expect(help).toMatch(/--lr RATE +.*\(default 0\.001\)/);
    expect(help).toMatch(
      /--difficulty easy\|realistic\|hard +measurement nuisance .*\(default hard\)/,
    );
    expect(help).toContain('(default runs/<timestamp>)');
    for (const s of ['--config FILE', '--quick', '--headless', '--help']) expect(help).toContain(s);
    expect(help).toMatch(/--window-start SECONDS +start of the analysed part .*\(default 0\)/);
    expect(help).toMatch(/--resample +resample recordings at other sample rates/);
  });
});
