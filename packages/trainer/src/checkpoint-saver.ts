import { checkpointPath, KEPT_CHECKPOINTS, pruneCheckpoints } from './checkpoints.js';
import { checkFreeSpace, estimateCheckpointBytes, folderBytes } from './disk-space.js';
import { TrainerError } from './errors.js';
import type { TrainableModel } from './model-port.js';
import type { RunDirectory } from './run-directory.js';

/**
 * Writes a run's checkpoints behind its training. {@link start} has the model capture its
 * state (`save` copies it before returning) into `checkpoints/epoch-NNN.partial/`; the files are
 * then written and synced on the model's helper thread while the next epoch trains. Once they
 * are, the folder is renamed into place and synced, state.json names the epoch, and the older
 * checkpoints but one go: state.json never names a checkpoint that is incomplete or not yet on
 * disk. At most one checkpoint is in flight: {@link start} and {@link finish} wait for it.
 */
export class CheckpointSaver {
  private inFlight: Promise<void> | null = null;
  private failure: TrainerError | null = null;
  /** Measured size of the newest checkpoint (bytes), once one exists. */
  private newestBytes: number | null = null;

  /** `recorded(epoch)` runs once state.json names the epoch's checkpoint. */
  constructor(
    private readonly directory: RunDirectory,
    private readonly model: TrainableModel,
    private readonly recorded: (epoch: number) => void,
  ) {}

  /** The failure of the checkpoint in flight, as soon as it is known (null while none). */
  get failed(): TrainerError | null {
    return this.failure;
  }

  /**
   * Free space for the checkpoints still to come after `lastCompletedEpoch`: at the peak,
   * {@link KEPT_CHECKPOINTS} kept plus one being saved, less those already on disk. Sized by
   * the newest checkpoint when there is one, else estimated from the parameter count.
   */
  async checkSpaceBeforeTraining(lastCompletedEpoch: number): Promise<void> {
    const onDisk = Math.min(lastCompletedEpoch, KEPT_CHECKPOINTS);
    const newest = lastCompletedEpoch > 0 ? checkpointPath(lastCompletedEpoch) : null;
    const measured = newest ? await folderBytes(this.directory.resolve(newest)) : 0;
    this.newestBytes = measured > 0 ? measured : null;
    await checkFreeSpace(
      this.directory.path,
      this.bytesPerCheckpoint(),
      KEPT_CHECKPOINTS + 1 - onDisk,
    );
  }

  /**
   * Waits for the checkpoint in flight (throwing its failure), checks there is room for one
   * more, and resolves once the model has captured the state of `epoch`: from then on the
   * model may be trained while the checkpoint is written.
   */
  async start(epoch: number): Promise<void> {
    await this.finish();
    const partial = `${checkpointPath(epoch)}.partial`;
    await checkFreeSpace(this.directory.path, this.bytesPerCheckpoint(), 1);
    await this.directory.remove(partial);
    this.inFlight = this.write(epoch, partial).catch((error: unknown) => {
      this.failure =
        error instanceof TrainerError
          ? error
          : new TrainerError(
              'RUN_IO_FAILED',
              `checkpoint of epoch ${epoch}: ${(error as Error)?.message ?? error}`,
              { cause: error },
            );
    });
  }

  /** Waits until no checkpoint is in flight; throws the failure of the last one, if it failed. */
  async finish(): Promise<void> {
    await this.inFlight;
    this.inFlight = null;
    if (this.failure) throw this.failure;
  }

  private bytesPerCheckpoint(): number {
    return this.newestBytes ?? estimateCheckpointBytes(this.model.parameterCount);
  }

  /** Called synchronously by {@link start}: `model.save` captures the state before its first await. */
  private async write(epoch: number, partial: string): Promise<void> {
    const partialPath = this.directory.resolve(partial);
    try {
      await this.model.save(partialPath);
    } catch (error) {
      await this.directory.remove(partial).catch(() => undefined);
      const code = (error as NodeJS.ErrnoException)?.code;
      throw new TrainerError(
        typeof code === 'string' && code.startsWith('E') ? 'RUN_IO_FAILED' : 'TRAINING_FAILED',
        `cannot save checkpoint ${partialPath} (${(error as Error)?.message ?? error})`,
        { cause: error },
      );
    }
    const target = checkpointPath(epoch);
    await this.directory.rename(partial, target);
    await this.directory.syncFolder('checkpoints');
    this.newestBytes = await folderBytes(this.directory.resolve(target));
    await this.directory.writeState('running', epoch);
    this.recorded(epoch);
    await pruneCheckpoints(this.directory, epoch);
  }
}
