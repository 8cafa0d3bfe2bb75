import { constants } from 'node:fs';
import { access, appendFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { TrainerError } from './errors.js';
import type { MetricRecord } from './metrics-record.js';

export type RunStatus = 'running' | 'completed' | 'interrupted' | 'failed';

/** `state.json`: what a reader (or `resumeRun`) may trust about the run. */
export interface RunState {
  status: RunStatus;
  /** Epochs whose metrics and checkpoint are complete (0 = none). */
  lastCompletedEpoch: number;
  updatedAt: string;
  /** Message of the error that ended a failed run. */
  error?: string;
}

/** Metrics read back; `tornLine` is the 1-based number of an incomplete last line that was skipped. */
export interface MetricsRead {
  records: MetricRecord[];
  tornLine: number | null;
}

const METRICS = 'metrics.jsonl';
let tempCounter = 0;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}

/**
 * A run directory `<outDir>/<runId>/` (layout in docs/architecture.md). JSON files are written
 * atomically (temporary file + rename, so a reader sees the old or the new file, never half of
 * one); `metrics.jsonl` is append-only and tolerates a torn last line.
 */
export class RunDirectory {
  private constructor(readonly path: string) {}

  /** Creates `<outDir>/<runId>`; fails if outDir is not writable or the run already exists. */
  static async create(outDir: string, runId: string): Promise<RunDirectory> {
    const root = resolve(outDir);
    try {
      await mkdir(root, { recursive: true });
      await access(root, constants.W_OK);
    } catch (error) {
      throw new TrainerError(
        'OUT_DIR_NOT_WRITABLE',
        `output directory ${root} is not a writable folder (${(error as Error).message})`,
        { cause: error },
      );
    }
    const path = join(root, runId);
    try {
      await mkdir(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new TrainerError(
          'RUN_EXISTS',
          `run directory ${path} already exists: choose another runId or resume it`,
        );
      }
      throw new TrainerError(
        'OUT_DIR_NOT_WRITABLE',
        `cannot create run directory ${path} (${(error as Error).message})`,
        { cause: error },
      );
    }
    return new RunDirectory(path);
  }

  /** Opens an existing run directory (one holding `config.json`). */
  static async open(path: string): Promise<RunDirectory> {
    const dir = resolve(path);
    const isDir = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) throw new TrainerError('RUN_NOT_FOUND', `run directory ${dir} does not exist`);
    const run = new RunDirectory(dir);
    if (!(await run.exists('config.json'))) {
      throw new TrainerError(
        'RUN_CORRUPT',
        `${join(dir, 'config.json')} is missing: ${dir} is not a run directory`,
      );
    }
    return run;
  }

  /** Absolute path of `relPath`, which must stay inside the run directory. */
  resolve(relPath: string): string {
    const rel = normalize(relPath);
    if (isAbsolute(rel) || rel === '..' || rel.startsWith('../') || rel === '.') {
      throw new TrainerError(
        'INVALID_PATH',
        `path ${JSON.stringify(relPath)} must be relative and inside the run directory`,
      );
    }
    return join(this.path, rel);
  }

  async exists(relPath: string): Promise<boolean> {
    return stat(this.resolve(relPath)).then(
      () => true,
      () => false,
    );
  }

  /** Writes `value` as JSON at `relPath` atomically, creating parent folders. */
  async writeJson(relPath: string, value: unknown): Promise<void> {
    const target = this.resolve(relPath);
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${tempCounter++}.tmp`;
    await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
    await rename(temp, target);
  }

  /** Reads JSON at `relPath`; a missing or unparsable file is a `RUN_CORRUPT` error naming it. */
  async readJson<T>(relPath: string): Promise<T> {
    const file = this.resolve(relPath);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const what = isMissing(error) ? 'is missing' : `cannot be read (${(error as Error).message})`;
      throw new TrainerError('RUN_CORRUPT', `${file} ${what}`, { cause: error });
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new TrainerError(
        'RUN_CORRUPT',
        `${file} is not valid JSON (${(error as Error).message})`,
        {
          cause: error,
        },
      );
    }
  }

  async readState(): Promise<RunState> {
    const state = await this.readJson<RunState>('state.json');
    if (
      typeof state?.status !== 'string' ||
      !Number.isInteger(state.lastCompletedEpoch) ||
      state.lastCompletedEpoch < 0
    ) {
      throw new TrainerError(
        'RUN_CORRUPT',
        `${this.resolve('state.json')}: expected { status, lastCompletedEpoch ≥ 0 }, got ${JSON.stringify(state)}`,
      );
    }
    return state;
  }

  async writeState(status: RunStatus, lastCompletedEpoch: number, error?: string): Promise<void> {
    const state: RunState = { status, lastCompletedEpoch, updatedAt: new Date().toISOString() };
    if (error !== undefined) state.error = error;
    await this.writeJson('state.json', state);
  }

  /** Appends one line to `metrics.jsonl` (NaN/±Infinity are written as null). */
  async appendMetric(record: MetricRecord): Promise<void> {
    await appendFile(join(this.path, METRICS), `${JSON.stringify(record)}\n`);
  }

  /**
   * Reads `metrics.jsonl`. An incomplete last line (a write cut by a crash) is skipped and
   * reported in `tornLine`; an unparsable line elsewhere is a `RUN_CORRUPT` error.
   */
  async readMetrics(): Promise<MetricsRead> {
    let text: string;
    try {
      text = await readFile(join(this.path, METRICS), 'utf8');
    } catch (error) {
      if (isMissing(error)) return { records: [], tornLine: null };
      throw error;
    }
    // Every complete line ends in '\n'; an unterminated last line is a write cut short.
    const lines = text.split('\n');
    const last = lines.pop() ?? '';
    const tornLine = last === '' ? null : lines.length + 1;
    const records = lines.map((line, i) => {
      try {
        return JSON.parse(line) as MetricRecord;
      } catch {
        throw new TrainerError(
          'RUN_CORRUPT',
          `${join(this.path, METRICS)} line ${i + 1} is not valid JSON: ${JSON.stringify(line.slice(0, 80))}`,
        );
      }
    });
    return { records, tornLine };
  }

  /** Rewrites `metrics.jsonl` atomically with only the given records (used on resume). */
  async rewriteMetrics(records: MetricRecord[]): Promise<void> {
    const target = join(this.path, METRICS);
    const temp = `${target}.${process.pid}.${tempCounter++}.tmp`;
    await writeFile(temp, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    await rename(temp, target);
  }

  async remove(relPath: string): Promise<void> {
    await rm(this.resolve(relPath), { recursive: true, force: true });
  }

  /** Deletes the whole run directory (used when a new run fails to start). */
  async discard(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
  }

  async rename(fromRel: string, toRel: string): Promise<void> {
    await rename(this.resolve(fromRel), this.resolve(toRel));
  }
}
