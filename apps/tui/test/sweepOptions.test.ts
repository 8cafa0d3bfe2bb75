import { describe, expect, it } from 'vitest';
import { TuiError } from '../src/errors.js';
import { parseSweepOptions, parseWorkerOptions } from '../src/sweepOptions.js';

const env = { cwd: '/work', now: new Date(2026, 11, 3, 9, 30, 0) };
const parse = (line: string) => parseSweepOptions(line.split(' ').filter(Boolean), env);
const errorOf = (line: string): string => {
  try {
    parse(line);
  } catch (error) {
    expect(error).toBeInstanceOf(TuiError);
    return (error as TuiError).message;
  }
  throw new Error(`no error for ${line}`);
};

describe('parseSweepOptions', () => {
  it('expands the grid in flag order times the seeds: 2 × 2 × 3 = 12 cells', () => {
    const { plan, out, workers, queue } = parse(
      '--quick --frequency 1000,3000 --batch-size 2,4 --seeds 3',
    );
    expect(plan.cells).toHaveLength(12);
    expect(plan.cells.slice(0, 4).map((c) => c.id)).toEqual([
      'frequency=1000,batch-size=2,seed=1',
      'frequency=1000,batch-size=2,seed=2',
      'frequency=1000,batch-size=2,seed=3',
      'frequency=1000,batch-size=4,seed=1',
    ]);
    const cell = plan.cells[11];
    expect(cell).toMatchObject({
      id: 'frequency=3000,batch-size=4,seed=3',
      parameters: { frequency: 3000, 'batch-size': 4 },
      seed: 3,
      runId: 'frequency-3000_batch-size-4_seed-3',
    });
    // the quick preset and the cell's values reach the run config
    expect(cell.run.data).toMatchObject({ frequencyHz: 3000, seed: 3, size: [32, 32] });
    expect(cell.run.training).toMatchObject({
      batchSize: 4,
      seed: 3,
      epochs: 4,
      analysisEpochs: [2, 4],
    });
    expect(cell.run.model).toEqual({ depth: 10, widthMultiplier: 0.125 });
    expect(cell.conditionNote).toContain('synthetic plastic plate, 3000 Hz');
    expect(plan.spec).toEqual({
      grid: { frequency: ['1000', '3000'], 'batch-size': ['2', '4'] },
      fixed: {},
      seeds: [1, 2, 3],
      quick: true,
    });
    expect(out).toBe('/work/sweeps/20261203_093000');
    expect(workers).toBe(1);
    expect(queue).toBeNull();
  });

  it('a single value is fixed, not an axis; --seed lists are the seeds; --out, --workers, --queue', () => {
    const { plan, out, workers, queue } = parse(
      '--material box --seed 7,8 --out sw --workers 2 --queue redis://127.0.0.1:6390',
    );
    expect(plan.cells.map((c) => c.id)).toEqual(['seed=7', 'seed=8']);
    expect(plan.cells[0].run.data).toMatchObject({ material: 'box', seed: 7 });
    expect(plan.spec).toMatchObject({ fixed: { material: 'box' }, seeds: [7, 8] });
    expect([out, workers, queue]).toEqual(['/work/sw', 2, 'redis://127.0.0.1:6390']);
  });

  it('names every bad flag and value at once', () => {
    const message = errorOf(
      '--frequency 1000,abc --batch-size 2,2,0 --colour red --resume x --seeds 0',
    );
    expect(message.split('\n')).toEqual([
      'unknown flag --colour (see ranker sweep --help)',
      '--resume cannot be used in a sweep',
      "--frequency: expected a number > 0, got 'abc'",
      "--batch-size: value '2' is given twice",
      "--batch-size: expected an integer ≥ 1, got '0'",
      "--seeds: expected an integer ≥ 1, got '0'",
    ]);
    expect(errorOf('--batch-size 2 --batch-size 4')).toBe(
      '--batch-size given twice: give one comma list',
    );
    expect(errorOf('--seeds 2 --seed 1,2')).toBe(
      '--seeds and --seed cannot be combined: give one of them',
    );
    expect(errorOf('--batch-size 2,,4')).toBe("--batch-size: expected an integer ≥ 1, got ''");
    expect(errorOf('--workers two')).toBe("--workers: expected an integer ≥ 1, got 'two'");
  });
});

describe('parseWorkerOptions', () => {
  it('needs --queue; --out defaults to worker-runs', () => {
    expect(parseWorkerOptions(['--queue', 'redis://h:1'], env)).toEqual({
      queue: 'redis://h:1',
      out: '/work/worker-runs',
    });
    expect(() => parseWorkerOptions(['--out', 'x', '--quick'], env)).toThrow(
      'unknown flag --quick (ranker worker takes --queue URL and --out DIR)\n--queue: required (redis://HOST:PORT)',
    );
  });
});
