import { readdir } from 'node:fs/promises';
import type { BuiltModel } from './components.js';
import { TrainerError } from './errors.js';
import type { TrainerNotice } from './events.js';
import type { RunDirectory } from './run-directory.js';

/** How many completed checkpoints a run keeps: the newest, and one to fall back to. */
export const KEPT_CHECKPOINTS = 2;

/** `checkpoints/epoch-NNN`: the folder `model.save` writes for a completed epoch. */
export function checkpointPath(epoch: number): string {
  return `checkpoints/epoch-${String(epoch).padStart(3, '0')}`;
}

/**
 * Deletes every checkpoint folder (complete or partial) except those of the
 * {@link KEPT_CHECKPOINTS} epochs ending at `newestEpoch`.
 */
export async function pruneCheckpoints(
  directory: RunDirectory,
  newestEpoch: number,
): Promise<void> {
  const keep = new Set<string>();
  for (let e = newestEpoch; e > newestEpoch - KEPT_CHECKPOINTS && e > 0; e--) {
    keep.add(checkpointPath(e).split('/')[1]);
  }
  const entries = await readdir(directory.resolve('checkpoints')).catch(() => [] as string[]);
  for (const entry of entries) {
    if (!keep.has(entry)) await directory.remove(`checkpoints/${entry}`);
  }
}

/**
 * Builds the model and loads the checkpoint of `epoch` into it; if that checkpoint cannot be
 * loaded (a checksum mismatch, a missing or damaged file), a freshly built model loads the
 * previous epoch's instead (epoch 0: the freshly built model itself, nothing to load). A fresh
 * model each time, so a load that failed half-way leaves nothing behind. Resolves with the
 * model, the epoch it holds and, after a fallback, the notice to show; rejects with the errors
 * of both checkpoints when neither loads (the model disposed).
 */
export async function loadNewestCheckpoint(
  directory: RunDirectory,
  build: () => Promise<BuiltModel>,
  epoch: number,
): Promise<{ built: BuiltModel; epoch: number; notice: TrainerNotice | null }> {
  const first = await build();
  if (epoch === 0) return { built: first, epoch, notice: null };
  const newest = directory.resolve(checkpointPath(epoch));
  let newestError: Error;
  try {
    await first.model.load(newest);
    return { built: first, epoch, notice: null };
  } catch (error) {
    newestError = error as Error;
    first.model.dispose();
  }
  const previous = epoch - 1;
  const previousPath = directory.resolve(checkpointPath(previous));
  const reason = `checkpoint ${newest} cannot be loaded (${firstLine(newestError)})`;
  const built = await build();
  if (previous > 0) {
    try {
      await built.model.load(previousPath);
    } catch (error) {
      built.model.dispose();
      throw new TrainerError(
        'RUN_CORRUPT',
        `${reason}, nor can the previous one, ${previousPath} (${firstLine(error as Error)})`,
        { cause: newestError },
      );
    }
  }
  const where =
    previous > 0 ? `the previous checkpoint ${previousPath}` : 'the start of the run (epoch 0)';
  return {
    built,
    epoch: previous,
    notice: {
      kind: 'checkpoint-fallback',
      message: `${reason}; falling back to ${where}: epoch ${epoch} will be trained again`,
    },
  };
}

function firstLine(error: Error): string {
  return String(error?.message ?? error).split('\n')[0];
}
