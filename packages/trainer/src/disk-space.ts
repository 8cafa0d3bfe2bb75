import { readdir, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { KEPT_CHECKPOINTS } from './checkpoints.js';
import { TrainerError } from './errors.js';

/** Room left beside the checkpoints for metrics, probe records and the report (bytes). */
export const SPACE_MARGIN_BYTES = 64 * 2 ** 20;

/** Allowance for a checkpoint's manifest and batch-norm running statistics (bytes). */
const CHECKPOINT_OVERHEAD_BYTES = 2 ** 20;

/**
 * Bytes a checkpoint of a model with `parameterCount` float32 parameters takes before one was
 * measured: the weights and Adam's two moments, 3 × 4 bytes each (@ranker/model's checkpoint),
 * plus 1 MiB for the manifest (a few hundred bytes per tensor) and the batch-norm statistics.
 */
export function estimateCheckpointBytes(parameterCount: number): number {
  return 12 * parameterCount + CHECKPOINT_OVERHEAD_BYTES;
}

/** Total size of the files under `path` (0 when it does not exist). */
export async function folderBytes(path: string): Promise<number> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
  let total = 0;
  for (const entry of entries) {
    const child = join(path, entry.name);
    total += entry.isDirectory() ? await folderBytes(child) : (await stat(child)).size;
  }
  return total;
}

/** Bytes an unprivileged process may still write on the file system holding `path`. */
export async function freeBytes(path: string): Promise<number> {
  const info = await statfs(path);
  return info.bavail * info.bsize;
}

const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/**
 * Refuses to go on when the file system of `runPath` cannot hold the checkpoints still to be
 * written: at the peak, {@link KEPT_CHECKPOINTS} kept plus the one being saved, i.e.
 * `toWrite` checkpoints of `checkpointBytes` each, plus {@link SPACE_MARGIN_BYTES}.
 */
export async function checkFreeSpace(
  runPath: string,
  checkpointBytes: number,
  toWrite: number,
): Promise<void> {
  const need = toWrite * checkpointBytes + SPACE_MARGIN_BYTES;
  let free: number;
  try {
    free = await freeBytes(runPath);
  } catch (error) {
    throw new TrainerError(
      'RUN_IO_FAILED',
      `cannot measure the free space of ${runPath} (${(error as Error).message})`,
      { cause: error },
    );
  }
  if (free < need) {
    throw new TrainerError(
      'INSUFFICIENT_SPACE',
      `${runPath} needs ${megabytes(need)} (${need} bytes) free (${toWrite} checkpoint${toWrite === 1 ? '' : 's'} of ${megabytes(checkpointBytes)} — ${KEPT_CHECKPOINTS} kept plus the one being saved — and a ${megabytes(SPACE_MARGIN_BYTES)} margin) but its file system has ${megabytes(free)} (${free} bytes) free: free some space or choose another output folder`,
    );
  }
}
