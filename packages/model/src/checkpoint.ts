import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from './errors.js';

export const CHECKPOINT_FORMAT = 'ranker-checkpoint';
export const WEIGHTS_FILE = 'weights.bin';
export const MANIFEST_FILE = 'model.json';

/** SHA-256 of `bytes`, lower-case hex (the form `sha256sum` prints). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A tfjs IOHandler on a plain directory: `model.json` (tfjs's weights-manifest format, plus
 * `userDefinedMetadata` and `checksums`: the SHA-256 of every weights file, checked on load so
 * that flipped bits are refused instead of trained on) and one `weights.bin`. tfjs's own
 * `file://` handler needs tfjs-node, which does not install here. Files are written under a
 * temporary name and renamed, so a crash mid-save leaves the previous checkpoint readable.
 */
export function directoryHandler(dir: string): Required<tf.io.IOHandler> {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      await mkdir(dir, { recursive: true });
      const bytes = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
      const manifest = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
        checksums: { [WEIGHTS_FILE]: { sha256: sha256Hex(bytes) } },
        userDefinedMetadata: artifacts.userDefinedMetadata ?? {},
      };
      await writeAtomically(join(dir, WEIGHTS_FILE), bytes);
      await writeAtomically(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
      return {
        modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts),
      };
    },
    load: () => readDirectory(dir),
  };
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

async function writeAtomically(path: string, content: string | Uint8Array): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Writes named tensors (float32, bit-exact) and JSON metadata to `dir`. */
export async function saveTensors(
  dir: string,
  tensors: tf.NamedTensorMap,
  metadata: Record<string, unknown>,
): Promise<void> {
  const { data, specs } = await tf.io.encodeWeights(tensors);
  await directoryHandler(dir).save({
    format: CHECKPOINT_FORMAT,
    generatedBy: '@ranker/model',
    weightSpecs: specs,
    weightData: data,
    userDefinedMetadata: metadata as Record<string, never>,
  });
}

/** Reads what {@link saveTensors} wrote; the caller owns (and disposes) the tensors. */
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
