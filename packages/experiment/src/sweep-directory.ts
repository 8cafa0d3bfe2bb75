import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { SweepCellResult } from '@ranker/report';
import { ExperimentError } from './errors.js';
import type { SweepCell, SweepPlan } from './sweep-plan.js';

export type CellStatus = 'pending' | 'running' | 'completed' | 'interrupted' | 'failed';

/** sweep.json: the spec and every cell's state; rewritten atomically on every change. */
export interface SweepFile {
  sweepId: string;
  createdAt: string;
  spec: Record<string, unknown>;
  cells: (SweepCell & { status: CellStatus; runDir: string | null; error: string | null })[];
}

let tempCounter = 0;

async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${tempCounter++}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, path); // a reader sees the old or the new file, never half of one
}

async function readJson<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ExperimentError(
      'SWEEP_CORRUPT',
      `${path} cannot be read (${(error as Error).message})`,
    );
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ExperimentError(
      'SWEEP_CORRUPT',
      `${path} is not valid JSON (${(error as Error).message})`,
    );
  }
}

/**
 * A sweep directory: `sweep.json` (spec, cells, status, run directories), `runs/<runId>/` (the
 * local executor's run directories) and `results/<runId>.json` (each finished cell's
 * `SweepCellResult`, written before sweep.json says the cell finished, so a cell marked completed
 * always has its result), `comparison/` (the comparison report).
 */
export class SweepDirectory {
  private saving = Promise.resolve();

  private constructor(
    readonly path: string,
    private file: SweepFile,
  ) {}

  /**
   * Creates the sweep, or reopens it when sweep.json exists: the spec must be the same (a
   * different grid in the same folder is an error naming the folder), and cells left 'running'
   * by a process that died become 'interrupted' (they resume).
   */
  static async open(dir: string, plan: SweepPlan, sweepId: string): Promise<SweepDirectory> {
    const path = resolve(dir);
    const sweepJson = join(path, 'sweep.json');
    const existing = await readJson<SweepFile>(sweepJson);
    if (existing) {
      if (JSON.stringify(existing.spec) !== JSON.stringify(plan.spec)) {
        throw new ExperimentError(
          'SWEEP_MISMATCH',
          `${sweepJson} holds another sweep (spec ${JSON.stringify(existing.spec)}); this command asks for ${JSON.stringify(plan.spec)}: use another --out or the same flags`,
        );
      }
      for (const cell of existing.cells) {
        if (cell.status === 'running') cell.status = 'interrupted';
      }
      const directory = new SweepDirectory(path, existing);
      await directory.save();
      return directory;
    }
    try {
      await mkdir(path, { recursive: true });
    } catch (error) {
      throw new ExperimentError(
        'SWEEP_NOT_WRITABLE',
        `cannot create sweep directory ${path} (${(error as Error).message})`,
      );
    }
    const file: SweepFile = {
      sweepId,
      createdAt: new Date().toISOString(),
      spec: plan.spec,
      cells: plan.cells.map((cell) => ({ ...cell, status: 'pending', runDir: null, error: null })),
    };
    const directory = new SweepDirectory(path, file);
    await directory.save();
    return directory;
  }

  get sweepId(): string {
    return this.file.sweepId;
  }

  get createdAt(): string {
    return this.file.createdAt;
  }

  get spec(): Record<string, unknown> {
    return this.file.spec;
  }

  get cells(): SweepFile['cells'] {
    return this.file.cells;
  }

  /** Where the local executor puts run directories. */
  get runsDir(): string {
    return join(this.path, 'runs');
  }

  resultPath(cell: SweepCell): string {
    return join(this.path, 'results', `${cell.runId}.json`);
  }

  async setStatus(
    id: string,
    status: CellStatus,
    runDir?: string | null,
    error?: string | null,
  ): Promise<void> {
    const cell = this.file.cells.find((c) => c.id === id);
    if (!cell) throw new ExperimentError('SWEEP_CORRUPT', `no cell '${id}' in ${this.path}`);
    cell.status = status;
    if (runDir !== undefined) cell.runDir = runDir;
    if (error !== undefined) cell.error = error;
    await this.save();
  }

  /** Writes the cell's result, then its status (and run directory) from it. */
  async recordResult(result: SweepCellResult, error: string | null = null): Promise<void> {
    const cell = this.file.cells.find((c) => c.id === result.cellId);
    if (!cell) {
      throw new ExperimentError('SWEEP_CORRUPT', `no cell '${result.cellId}' in ${this.path}`);
    }
    await writeJsonAtomic(this.resultPath(cell), result);
    await this.setStatus(cell.id, result.status, result.runDir, error);
  }

  /** The recorded result of every cell that has one, in grid order. */
  async results(): Promise<SweepCellResult[]> {
    const results: SweepCellResult[] = [];
    for (const cell of this.file.cells) {
      const result = await readJson<SweepCellResult>(this.resultPath(cell));
      if (result) results.push(result);
    }
    return results;
  }

  /** Saves in call order: each write serialises the state of its turn, the last one wins. */
  private save(): Promise<void> {
    this.saving = this.saving.then(() => writeJsonAtomic(join(this.path, 'sweep.json'), this.file));
    return this.saving;
  }
}
