import { Worker } from 'node:worker_threads';

/** What the helper thread writes: `bytes` as `weightsFile`, then `manifest` as `manifestFile`. */
export interface CheckpointFilesJob {
  dir: string;
  weightsFile: string;
  manifestFile: string;
  /** The weights file's content, on a SharedArrayBuffer (handed to the thread without a copy). */
  bytes: Uint8Array;
  /** The manifest; the writer sets `checksums[weightsFile].sha256` to the file's SHA-256. */
  manifest: { checksums?: Record<string, { sha256: string }> } & Record<string, unknown>;
  /** Suffix of the temporary files: `.tmp-<pid>`, removed on start by the trainer's cleanup. */
  temporarySuffix: string;
  /** Bytes hashed then written per call: few system calls, and still in cache for the write. */
  chunkBytes: number;
}

/**
 * Writes `bytes` to `path` through `path + suffix`: each chunk is hashed into `hash` (when
 * given) just before it is written (one pass over the bytes), the file is fsynced, then renamed.
 * References nothing outside itself: its source text is also the helper thread's code.
 */
export function writeFileDurablySync(
  fs: typeof import('node:fs'),
  path: string,
  suffix: string,
  bytes: Uint8Array,
  chunkBytes: number,
  hash: import('node:crypto').Hash | null,
): void {
  const temporary = path + suffix;
  try {
    const fd = fs.openSync(temporary, 'w');
    try {
      for (let at = 0; at < bytes.length; at += chunkBytes) {
        const chunk = bytes.subarray(at, Math.min(at + chunkBytes, bytes.length));
        if (hash !== null) hash.update(chunk);
        let written = 0;
        while (written < chunk.length) written += fs.writeSync(fd, chunk, written);
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, path);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * The weights file (hashed while written), then the manifest naming its SHA-256, each synced
 * before its rename, then the folder itself synced: when this returns, both files are on disk
 * under their final names, and a crash at any point leaves no half-written file under them.
 * References nothing outside itself and {@link writeFileDurablySync} (the helper thread's code).
 */
export function writeCheckpointFilesSync(
  job: CheckpointFilesJob,
  fs: typeof import('node:fs'),
  crypto: typeof import('node:crypto'),
  path: typeof import('node:path'),
): void {
  fs.mkdirSync(job.dir, { recursive: true });
  const hash = crypto.createHash('sha256');
  const weights = path.join(job.dir, job.weightsFile);
  writeFileDurablySync(fs, weights, job.temporarySuffix, job.bytes, job.chunkBytes, hash);
  job.manifest.checksums = { [job.weightsFile]: { sha256: hash.digest('hex') } };
  const manifest = new TextEncoder().encode(JSON.stringify(job.manifest, null, 2));
  const manifestPath = path.join(job.dir, job.manifestFile);
  writeFileDurablySync(fs, manifestPath, job.temporarySuffix, manifest, job.chunkBytes, null);
  const folder = fs.openSync(job.dir, 'r');
  try {
    fs.fsyncSync(folder);
  } finally {
    fs.closeSync(folder);
  }
}

const helperSource = `
const { workerData, parentPort } = require('node:worker_threads');
${writeFileDurablySync.toString()}
${writeCheckpointFilesSync.toString()}
try {
  writeCheckpointFilesSync(workerData, require('node:fs'), require('node:crypto'), require('node:path'));
  parentPort.postMessage(null);
} catch (error) {
  parentPort.postMessage({ message: String(error && error.message), code: error && error.code });
}`;

/** An error as the helper thread reports it: Node's message and errno code (e.g. 'ENOSPC'). */
type HelperFailure = { message: string; code?: string } | null;

/**
 * Runs {@link writeCheckpointFilesSync} on a helper thread, so that hashing, writing and
 * fsyncing a checkpoint (hundreds of milliseconds for ResNet-18) leave the calling thread free
 * to train. Resolves once the files are on disk; rejects with Node's error (its `code`, e.g.
 * ENOSPC, kept) after removing the temporary files. `job.bytes` must not change until then:
 * a buffer not on a SharedArrayBuffer is copied once here.
 */
export function writeCheckpointFiles(job: CheckpointFilesJob): Promise<void> {
  const bytes = job.bytes.buffer instanceof SharedArrayBuffer ? job.bytes : toShared(job.bytes);
  return new Promise((resolve, reject) => {
    const worker = new Worker(helperSource, { eval: true, workerData: { ...job, bytes } });
    worker.once('message', (failure: HelperFailure) => {
      if (failure === null) resolve();
      else reject(Object.assign(new Error(failure.message), { code: failure.code }));
    });
    worker.once('error', reject);
    // After a message this settles nothing: a promise settles once.
    worker.once('exit', (code) => {
      reject(
        new Error(
          `the checkpoint writer thread for ${job.dir} exited (code ${code}) without finishing`,
        ),
      );
    });
  });
}

function toShared(bytes: Uint8Array): Uint8Array {
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  return shared;
}
