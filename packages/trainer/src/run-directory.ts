import { constants } from 'node:fs';
import {
  access,
  appendFile,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { TrainerError } from './errors.js';
import type { MetricRecord } from './metrics-record.js';
import { LOCK_FILE } from './run-lock.js';

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
 * Runs one file operation; its error becomes `RUN_IO_FAILED` naming the operation and the path
 * (Node's own message, e.g. "ENOSPC: no space left on device, write", names neither).
 */
async function io<T>(operation: string, path: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof TrainerError) throw error;
    throw new TrainerError(
      'RUN_IO_FAILED',
      `cannot ${operation} ${path} (${(error as Error).message})`,
      {
        cause: error,
      },
    );
  }
}

/** Writes `content` to `target` through a temporary file and a rename; no temporary file stays. */
async function replaceFile(target: string, content: string): Promise<void> {
  const temp = `${target}.${process.pid}.${tempCounter++}.tmp`;
  try {
    await io('write', temp, () => writeFile(temp, content));
    await io(`rename ${temp} to`, target, () => rename(temp, target));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Names of what an earlier process may leave behind: temporary files and report staging folders. */
const LEFTOVER = /(\.tmp$)|(\.tmp-[^/]*$)|(^\.report\.tmp-)/;

/** What a directory killed before it wrote config.json may hold (besides leftovers). */
const NOT_STARTED_ENTRIES = new Set([LOCK_FILE, 'state.json']);

/**
 * A run directory `<outDir>/<runId>/` (layout in docs/architecture.md). JSON files are written
 * atomically (temporary file + rename, so a reader sees the old or the new file, never half of
 * one); `metrics.jsonl` is append-only and tolerates a torn last line.
 */
export class RunDirectory {
  private constructor(readonly path: string) {}

  /**
   * Creates `<outDir>/<runId>`; fails if outDir is not writable or the run already exists. A
   * folder that holds no config.json and nothing but what a start killed in its first seconds
   * leaves (a lock, temporary files) was never started and is used again.
   */
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
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new TrainerError(
          'OUT_DIR_NOT_WRITABLE',
          `cannot create run directory ${path} (${(error as Error).message})`,
          { cause: error },
        );
      }
      await RunDirectory.checkReusable(path);
    }
    return new RunDirectory(path);
  }

  /** Refuses an existing `path` unless it is a folder of a run that never started. */
  private static async checkReusable(path: string): Promise<void> {
    const info = await stat(path);
    if (!info.isDirectory()) {
      throw new TrainerError(
        'OUT_DIR_NOT_WRITABLE',
        `${path} is a file, not a folder: choose another output path for the run`,
      );
    }
    const entries = await readdir(path);
    if (entries.includes('config.json')) {
      throw new TrainerError(
        'RUN_EXISTS',
        `run directory ${path} already exists: choose another runId or resume it`,
      );
    }
    const foreign = entries.filter((e) => !NOT_STARTED_ENTRIES.has(e) && !LEFTOVER.test(e));
    if (foreign.length > 0) {
      throw new TrainerError(
        'RUN_EXISTS',
        `${path} already exists and is not a run directory (no config.json) but holds ${foreign
          .slice(0, 5)
          .join(', ')}${foreign.length > 5 ? ', …' : ''}: choose another runId or output folder`,
      );
    }
  }

  /**
   * Opens an existing run directory (one holding `config.json`); a folder without one is
   * `RUN_NOT_STARTED`: a start killed before it wrote its config.
   */
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
        'RUN_NOT_STARTED',
        `${dir} holds no config.json: the run was never started (stopped in its first seconds), so there is nothing to resume. Start it as a new run with the same output folder and runId (${dir}); the folder is reused`,
      );
    }
    return run;
  }

  /**
   * Removes what an earlier process left behind: `*.tmp` / `*.tmp-*` files (atomic writes cut
   * short), `checkpoints/*.partial` folders (saves cut short) and the report's `.report.tmp-*`
   * staging folders (@ranker/report renders into `.<outDir>.tmp-XXXXXX` beside its default
   * `report/` and renames it into place). Call only while holding the run's lock. Resolves with
   * the paths removed, relative to the run directory.
   */
  async removeLeftovers(): Promise<string[]> {
    const removed: string[] = [];
    for (const folder of ['.', 'probes', 'checkpoints']) {
      const entries = await readdir(this.resolveFolder(folder)).catch(() => [] as string[]);
      for (const entry of entries) {
        const isPartial = folder === 'checkpoints' && entry.endsWith('.partial');
        if (!isPartial && !LEFTOVER.test(entry)) continue;
        const rel = folder === '.' ? entry : `${folder}/${entry}`;
        await this.remove(rel);
        removed.push(rel);
      }
    }
    return removed;
  }

  private resolveFolder(folder: string): string {
    return folder === '.' ? this.path : this.resolve(folder);
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
    await io('create folder', dirname(target), () => mkdir(dirname(target), { recursive: true }));
    await replaceFile(target, `${JSON.stringify(value, null, 2)}\n`);
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
    const file = join(this.path, METRICS);
    await io('append to', file, () => appendFile(file, `${JSON.stringify(record)}\n`));
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
      throw new TrainerError(
        'RUN_IO_FAILED',
        `cannot read ${join(this.path, METRICS)} (${(error as Error).message})`,
        { cause: error },
      );
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
    await replaceFile(target, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  }

  async remove(relPath: string): Promise<void> {
    const path = this.resolve(relPath);
    await io('remove', path, () => rm(path, { recursive: true, force: true }));
  }

  /** Deletes the whole run directory (used when a new run fails to start). */
  async discard(): Promise<void> {
    await io('remove', this.path, () => rm(this.path, { recursive: true, force: true }));
  }

  /** fsyncs the folder `relPath`, so that the renames done in it are on disk. */
  async syncFolder(relPath: string): Promise<void> {
    const path = this.resolve(relPath);
    await io('sync', path, async () => {
      const folder = await open(path, 'r');
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
    });
  }

  async rename(fromRel: string, toRel: string): Promise<void> {
    const from = this.resolve(fromRel);
    const to = this.resolve(toRel);
    await io(`rename ${from} to`, to, () => rename(from, to));
  }
}
