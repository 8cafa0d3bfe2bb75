import { readFile } from 'node:fs/promises';
import wavefile from 'wavefile';
import { DspError, fileSystemProblem } from './errors.js';

/** Bit depths read and written: integer PCM 8 (unsigned), 16, 24, 32 bit and IEEE float 32/64. */
export type WavBitDepth = '8' | '16' | '24' | '32' | '32f' | '64';

export interface DecodedWav {
  /** Mono samples in [-1, 1]: the arithmetic mean of all channels (equal-weight mix-down). */
  samples: Float32Array;
  sampleRateHz: number;
  /** Channel count in the file, before mix-down. */
  channels: number;
  bitDepth: WavBitDepth;
}

/**
 * Full-scale divisor per integer depth (8-bit PCM is unsigned with its zero at 128, as the WAV
 * format specifies); floats are already in [-1, 1].
 */
const FULL_SCALE: Record<WavBitDepth, { offset: number; scale: number }> = {
  '8': { offset: 128, scale: 128 },
  '16': { offset: 0, scale: 32768 },
  '24': { offset: 0, scale: 8388608 },
  '32': { offset: 0, scale: 2147483648 },
  '32f': { offset: 0, scale: 1 },
  '64': { offset: 0, scale: 1 },
};

/**
 * Decodes a WAV file's bytes (via the `wavefile` decoder) into mono float samples. `name` is
 * used in error messages. Truncated data chunks, unsupported encodings (ADPCM, A-law, µ-law,
 * odd bit depths) and files without samples raise `DspError` code 'BAD_WAV'.
 */
export function decodeWav(bytes: Uint8Array, name: string): DecodedWav {
  const wav = new wavefile.WaveFile();
  try {
    wav.fromBuffer(bytes);
  } catch (error) {
    throw new DspError(
      'BAD_WAV',
      `${name}: not a readable WAV file (${(error as Error).message})`,
      {
        cause: error,
      },
    );
  }
  const fmt = wav.fmt as { numChannels: number; sampleRate: number };
  const data = wav as unknown as { data: { chunkSize: number; samples: Uint8Array } };
  const bitDepth = wav.bitDepth as WavBitDepth;
  if (!(bitDepth in FULL_SCALE)) {
    throw new DspError(
      'BAD_WAV',
      `${name}: unsupported WAV encoding (bit depth code '${wav.bitDepth}'); expected PCM 8/16/24/32-bit or float 32/64`,
    );
  }
  if (data.data.samples.length < data.data.chunkSize) {
    throw new DspError(
      'BAD_WAV',
      `${name}: truncated WAV, the data chunk declares ${data.data.chunkSize} bytes but only ${data.data.samples.length} are present`,
    );
  }
  const channels = fmt.numChannels;
  if (!(channels >= 1) || !(fmt.sampleRate > 0)) {
    throw new DspError(
      'BAD_WAV',
      `${name}: invalid fmt chunk (${channels} channels, ${fmt.sampleRate} Hz)`,
    );
  }
  const deinterleaved = wav.getSamples(false, Float64Array) as unknown;
  const perChannel = (channels === 1 ? [deinterleaved] : deinterleaved) as Float64Array[];
  const length = perChannel[0].length;
  if (length === 0) throw new DspError('BAD_WAV', `${name}: the WAV file contains no samples`);
  const { offset, scale } = FULL_SCALE[bitDepth];
  const samples = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += perChannel[c][i] - offset;
    samples[i] = sum / (channels * scale);
  }
  return { samples, sampleRateHz: fmt.sampleRate, channels, bitDepth };
}

/**
 * Reads and decodes a WAV file; a path that cannot be read raises `DspError` naming it with the
 * cause's code ('NOT_FOUND', 'PERMISSION_DENIED', 'IO_ERROR').
 */
export async function readWav(path: string): Promise<DecodedWav> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const { code, message } = fileSystemProblem(path, error, 'read the file');
    throw new DspError(code, message, { cause: error });
  }
  return decodeWav(bytes, path);
}

/**
 * Encodes mono samples in [-1, 1] as a WAV file. Integer depths round and clip to full scale;
 * '32f' stores the Float32 values bit-exactly (what `writeSyntheticDataset` uses).
 */
export function encodeWav(
  samples: Float32Array,
  sampleRateHz: number,
  bitDepth: WavBitDepth = '32f',
): Uint8Array {
  const { offset, scale } = FULL_SCALE[bitDepth];
  const isFloat = bitDepth === '32f' || bitDepth === '64';
  const values = new Float64Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    if (isFloat) {
      values[i] = samples[i];
    } else {
      const max = scale - 1;
      values[i] = Math.max(-scale, Math.min(max, Math.round(samples[i] * scale))) + offset;
    }
  }
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, sampleRateHz, bitDepth, values);
  return wav.toBuffer();
}
