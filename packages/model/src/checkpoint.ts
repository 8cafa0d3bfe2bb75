import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { type CheckpointFilesJob, writeCheckpointFiles } from './checkpoint-writer.js';
import { ModelError } from './errors.js';

export const CHECKPOINT_FORMAT = 'ranker-checkpoint';
export const WEIGHTS_FILE = 'weights.bin';
export const MANIFEST_FILE = 'model.json';
/** Hashed and written per system call (checkpoint-writer.ts): 4 MiB. */
const WRITE_CHUNK_BYTES = 4 * 2 ** 20;

/** SHA-256 of `bytes`, lower-case hex (the form `sha256sum` prints). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** One float32 tensor of a checkpoint: its name, shape and values (row-major). */
export interface CheckpointTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** A checkpoint's tensors packed as its weights file holds them, and the manifest entries. */
export interface PackedTensors {
  /** On a SharedArrayBuffer: the writer thread reads it without a copy. */
  bytes: Uint8Array;
  specs: tf.io.WeightsManifestEntry[];
}

/**
 * Copies `tensors`, in order, into one byte array (float32, the platform's byte order:
 * little-endian, as tfjs writes weights): the state of this moment, which the caller may go on
 * changing while the copy is written. The copy goes into `reuse` when it has the right size
 * (writing into pages already mapped costs about half of touching fresh ones), else into a new
 * array.
 */
export function packTensors(tensors: CheckpointTensor[], reuse?: Uint8Array | null): PackedTensors {
  const total = tensors.reduce((sum, t) => sum + t.values.length, 0);
  const bytes =
    reuse?.byteLength === 4 * total && reuse.buffer instanceof SharedArrayBuffer
      ? reuse
      : new Uint8Array(new SharedArrayBuffer(4 * total));
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, total);
  const specs: tf.io.WeightsManifestEntry[] = [];
  let at = 0;
  for (const { name, shape, values } of tensors) {
    floats.set(values, at);
    at += values.length;
    specs.push({ name, shape, dtype: 'float32' });
  }
  return { bytes, specs };
}

function manifestOf(artifacts: tf.io.ModelArtifacts): CheckpointFilesJob['manifest'] {
  return {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
    userDefinedMetadata: artifacts.userDefinedMetadata ?? {},
  };
}

function writeFiles(dir: string, bytes: Uint8Array, artifacts: tf.io.ModelArtifacts) {
  return writeCheckpointFiles({
    dir,
    weightsFile: WEIGHTS_FILE,
    manifestFile: MANIFEST_FILE,
    bytes,
    manifest: manifestOf(artifacts),
    temporarySuffix: `.tmp-${process.pid}`,
    chunkBytes: WRITE_CHUNK_BYTES,
  });
}

/**
 * A tfjs IOHandler on a plain directory: `model.json` (tfjs's weights-manifest format, plus
 * `userDefinedMetadata` and `checksums`: the SHA-256 of every weights file, checked on load so
 * that flipped bits are refused instead of trained on) and one `weights.bin`. tfjs's own
 * `file://` handler needs tfjs-node, which does not install here. Each file is written under a
 * temporary name, fsynced and renamed (checkpoint-writer.ts), so a crash mid-save leaves the
 * previous checkpoint readable and a completed save is on disk.
 */
export function directoryHandler(dir: string): Required<tf.io.IOHandler> {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const bytes = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
      await writeFiles(dir, bytes, artifacts);
      return {
        modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts),
      };
    },
    load: () => readDirectory(dir),
  };
}

/**
 * Writes packed tensors and JSON metadata to `dir` (on a helper thread: see
 * checkpoint-writer.ts); `packed.bytes` must not change until the promise settles.
 */
export function saveCheckpoint(
  dir: string,
  packed: PackedTensors,
  metadata: Record<string, unknown>,
): Promise<void> {
  return writeFiles(dir, packed.bytes, {
    format: CHECKPOINT_FORMAT,
    generatedBy: '@ranker/model',
    weightSpecs: packed.specs,
    userDefinedMetadata: metadata as Record<string, never>,
  });
}

async function readDirectory(dir: string): Promise<tf.io.ModelArtifacts> {
  const manifestPath = join(dir, MANIFEST_FILE);
  let manifest: {
    format?: string;
    weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    checksums?: Record<string, { sha256?: string }>;
    userDefinedMetadata?: Record<string, unknown>;
  };
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (error) {
    throw new ModelError(
      'CHECKPOINT_INVALID',
      `${manifestPath}: cannot read checkpoint manifest (${(error as Error).message.split('\n')[0]})`,
    );
  }
  if (manifest.format !== CHECKPOINT_FORMAT || manifest.weightsManifest?.length !== 1) {
    throw new ModelError(
      'CHECKPOINT_INVALID',
      `${manifestPath}: expected format '${CHECKPOINT_FORMAT}' with one weights group, got format '${manifest.format}'`,
    );
  }
  const group = manifest.weightsManifest[0];
  const file = group.paths[0];
  const expected = manifest.checksums?.[file]?.sha256;
  if (typeof expected !== 'string') {
    throw new ModelError(
      'CHECKPOINT_INVALID',
      `${manifestPath}: no SHA-256 checksum recorded for ${file} (a checkpoint written before checksums, or an edited manifest); expected checksums.${file}.sha256`,
    );
  }
  const weightsPath = join(dir, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(weightsPath);
  } catch (error) {
    throw new ModelError(
      'CHECKPOINT_INVALID',
      `${weightsPath}: cannot read checkpoint weights (${(error as Error).message})`,
    );
  }
  const actual = sha256Hex(bytes);
  if (actual !== expected) {
    throw new ModelError(
      'CHECKPOINT_CORRUPT',
      `${weightsPath}: SHA-256 ${actual} differs from ${expected} recorded in ${MANIFEST_FILE}: the file was changed or damaged after it was saved`,
    );
  }
  return {
    format: manifest.format,
    weightSpecs: group.weights,
    weightData: new Uint8Array(bytes).buffer,
    userDefinedMetadata: manifest.userDefinedMetadata as Record<string, never>,
  };
}

/** Reads what {@link saveCheckpoint} wrote; the caller owns (and disposes) the tensors. */
export async function loadTensors(
  dir: string,
): Promise<{ tensors: tf.NamedTensorMap; metadata: Record<string, unknown> }> {
  const artifacts = await readDirectory(dir);
  const byteLength = (artifacts.weightData as ArrayBuffer).byteLength;
  const expected = (artifacts.weightSpecs ?? []).reduce(
    (sum, spec) => sum + 4 * spec.shape.reduce((a, b) => a * b, 1),
    0,
  );
  if (byteLength !== expected) {
    throw new ModelError(
      'CHECKPOINT_INVALID',
      `${join(dir, WEIGHTS_FILE)}: ${byteLength} bytes, the manifest describes ${expected}`,
    );
  }
  const tensors = tf.io.decodeWeights(
    artifacts.weightData as ArrayBuffer,
    artifacts.weightSpecs ?? [],
  );
  return { tensors, metadata: (artifacts.userDefinedMetadata ?? {}) as Record<string, unknown> };
}
