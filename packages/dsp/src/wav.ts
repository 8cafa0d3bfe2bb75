import wavefile from 'wavefile';
import { DspError } from './errors.js';
import { A_LAW_TABLE, MU_LAW_TABLE } from './g711.js';

/** Depths `encodeWav` writes: integer PCM 8 (unsigned), 16, 24, 32 bit and IEEE float 32/64. */
export type WavBitDepth = '8' | '16' | '24' | '32' | '32f' | '64';

/** How samples are stored: linear integers, IEEE floats, or G.711 companded bytes. */
export type WavEncoding = 'pcm' | 'float' | 'mu-law' | 'a-law';

/** What a WAV file's `fmt ` and `data` chunks say, enough to read any range of its frames. */
export interface WavHeader {
  encoding: WavEncoding;
  /** Bits per stored sample (container size: 24 for 20-bit audio in 3 bytes). */
  bitsPerSample: number;
  /** Channel count in the file, before mix-down. */
  channels: number;
  sampleRateHz: number;
  /** Sample frames (one sample per channel each) in the data chunk. */
  frames: number;
  /** Byte offset of the first frame in the file. */
  dataOffset: number;
  /** Bytes per frame. */
  blockAlign: number;
}

export interface DecodedWav {
  /** Mono samples in [-1, 1]: the arithmetic mean of all channels (equal-weight mix-down). */
  samples: Float32Array;
  sampleRateHz: number;
  /** Channel count in the file, before mix-down. */
  channels: number;
  encoding: WavEncoding;
  bitsPerSample: number;
}

/** Random access to a file's bytes (a file on disk, or bytes in memory). */
export interface ByteReader {
  /** Total bytes. */
  readonly size: number;
  /** Up to `length` bytes from `position` (fewer at the end). */
  read(position: number, length: number): Uint8Array;
}

export const SUPPORTED_WAV_ENCODINGS =
  'PCM 8/16/24/32-bit integer, IEEE float 32/64-bit, G.711 µ-law and A-law';

const CONVERT =
  'convert it to 16-bit PCM, e.g. `sox in.wav -e signed-integer -b 16 out.wav` or `ffmpeg -i in.wav -c:a pcm_s16le out.wav`';

/** WAVE format codes (RFC 2361 appendix A) named in messages; the rest are shown by number. */
const FORMAT_NAMES: Record<number, string> = {
  2: 'Microsoft ADPCM',
  17: 'IMA ADPCM',
  49: 'GSM 6.10',
  80: 'MPEG audio',
  85: 'MPEG Layer 3 (MP3)',
  255: 'AAC',
  353: 'Windows Media Audio',
  8192: 'AC-3',
};
const EXTENSIBLE = 0xfffe;
const ENCODINGS: Record<number, WavEncoding> = { 1: 'pcm', 3: 'float', 6: 'a-law', 7: 'mu-law' };
const VALID_BITS: Record<WavEncoding, number[]> = {
  pcm: [8, 16, 24, 32],
  float: [32, 64],
  'mu-law': [8],
  'a-law': [8],
};

/** A reader over bytes already in memory. */
export function bytesReader(bytes: Uint8Array): ByteReader {
  return {
    size: bytes.length,
    read: (position, length) => bytes.subarray(position, position + length),
  };
}

/**
 * Reads the RIFF/WAVE header by walking its chunks (each an id, a little-endian size and the
 * body padded to an even length) up to the `data` chunk, reading only chunk headers and the
 * `fmt ` body. Unreadable headers raise 'BAD_WAV'; compressed or unusual encodings
 * 'UNSUPPORTED_ENCODING' with a plain-language message naming the format and a conversion.
 */
export function readWavHeader(reader: ByteReader, name: string): WavHeader {
  const riff = reader.read(0, 12);
  const tag = (bytes: Uint8Array, at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (riff.length < 12 || tag(riff, 0) !== 'RIFF' || tag(riff, 8) !== 'WAVE') {
    const found = JSON.stringify(tag(riff, 0).replace(/[^\x20-\x7e]/g, '?'));
    throw new DspError(
      'BAD_WAV',
      `${name}: not a readable WAV file (expected a RIFF/WAVE header, found ${found})`,
    );
  }
  let format: ReturnType<typeof readFormat> | null = null;
  let position = 12;
  while (position + 8 <= reader.size) {
    const chunk = reader.read(position, 8);
    const id = tag(chunk, 0);
    const size = new DataView(chunk.buffer, chunk.byteOffset, 8).getUint32(4, true);
    const body = position + 8;
    if (id === 'fmt ') format = readFormat(reader.read(body, Math.min(size, 40)), name);
    if (id === 'data') {
      if (format === null) {
        throw new DspError(
          'BAD_WAV',
          `${name}: not a readable WAV file (no fmt chunk before the data chunk)`,
        );
      }
      const present = reader.size - body;
      if (present < size) {
        throw new DspError(
          'BAD_WAV',
          `${name}: truncated WAV, the data chunk declares ${size} bytes but only ${present} are present`,
        );
      }
      const frames = Math.floor(size / format.blockAlign);
      if (frames === 0) throw new DspError('BAD_WAV', `${name}: the WAV file contains no samples`);
      return { ...format, frames, dataOffset: body };
    }
    position = body + size + (size % 2);
  }
  throw new DspError('BAD_WAV', `${name}: not a readable WAV file (no data chunk)`);
}

function readFormat(body: Uint8Array, name: string): Omit<WavHeader, 'frames' | 'dataOffset'> {
  if (body.length < 16) {
    throw new DspError(
      'BAD_WAV',
      `${name}: not a readable WAV file (fmt chunk of ${body.length} bytes, expected ≥ 16)`,
    );
  }
  const view = new DataView(body.buffer, body.byteOffset, body.length);
  let code = view.getUint16(0, true);
  const channels = view.getUint16(2, true);
  const sampleRateHz = view.getUint32(4, true);
  const blockAlign = view.getUint16(12, true);
  const bitsPerSample = view.getUint16(14, true);
  // WAVE_FORMAT_EXTENSIBLE: the real format code is the first two bytes of the SubFormat GUID.
  if (code === EXTENSIBLE && body.length >= 26) code = view.getUint16(24, true);
  const encoding = ENCODINGS[code];
  if (encoding === undefined) {
    const label = FORMAT_NAMES[code] ?? 'a compressed or unknown encoding';
    const hex = `0x${code.toString(16).padStart(4, '0')}`;
    throw new DspError(
      'UNSUPPORTED_ENCODING',
      `${name}: the audio is stored as ${label} (WAV format code ${hex}), which this loader does not decode; supported: ${SUPPORTED_WAV_ENCODINGS}. To use the file, ${CONVERT}`,
    );
  }
  if (!VALID_BITS[encoding].includes(bitsPerSample)) {
    throw new DspError(
      'UNSUPPORTED_ENCODING',
      `${name}: ${encoding === 'float' ? 'IEEE float' : encoding === 'pcm' ? 'PCM' : `G.711 ${encoding}`} with ${bitsPerSample} bits per sample is not supported; supported: ${SUPPORTED_WAV_ENCODINGS}. To use the file, ${CONVERT}`,
    );
  }
  if (!(channels >= 1) || !(sampleRateHz > 0) || blockAlign !== (channels * bitsPerSample) / 8) {
    throw new DspError(
      'BAD_WAV',
      `${name}: invalid fmt chunk (${channels} channels, ${sampleRateHz} Hz, ${blockAlign} bytes per frame for ${bitsPerSample}-bit samples)`,
    );
  }
  return { encoding, bitsPerSample, channels, sampleRateHz, blockAlign };
}

/**
 * Decodes frames [start, end) of the data chunk into mono samples in [-1, 1], reading only those
 * bytes. Integers are divided by their full scale (2^(bits−1); 8-bit PCM is unsigned around 128,
 * as the WAV format specifies), G.711 bytes are expanded to 16-bit values (see `g711.ts`) and
 * divided by 32768, floats are kept. Channels are averaged in float64.
 */
export function readWavFrames(
  reader: ByteReader,
  header: WavHeader,
  start = 0,
  end = header.frames,
): Float32Array {
  const first = Math.max(0, Math.min(start, header.frames));
  const last = Math.max(first, Math.min(end, header.frames));
  const { channels, blockAlign } = header;
  const bytes = reader.read(header.dataOffset + first * blockAlign, (last - first) * blockAlign);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const sample = sampleDecoder(header, view, bytes);
  const width = header.bitsPerSample / 8;
  const samples = new Float32Array(last - first);
  for (let i = 0; i < samples.length; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += sample(i * blockAlign + c * width);
    samples[i] = sum / channels;
  }
  return samples;
}

/** One stored sample at a byte offset → a value in [-1, 1]. */
function sampleDecoder(
  { encoding, bitsPerSample }: WavHeader,
  view: DataView,
  bytes: Uint8Array,
): (at: number) => number {
  if (encoding === 'mu-law') return (at) => MU_LAW_TABLE[bytes[at]] / 32768;
  if (encoding === 'a-law') return (at) => A_LAW_TABLE[bytes[at]] / 32768;
  if (encoding === 'float') {
    return bitsPerSample === 32
      ? (at) => view.getFloat32(at, true)
      : (at) => view.getFloat64(at, true);
  }
  switch (bitsPerSample) {
    case 8:
      return (at) => (bytes[at] - 128) / 128;
    case 16:
      return (at) => view.getInt16(at, true) / 32768;
    case 24:
      return (at) => ((view.getInt8(at + 2) << 16) | view.getUint16(at, true)) / 8388608;
    default:
      return (at) => view.getInt32(at, true) / 2147483648;
  }
}

/**
 * Decodes a whole WAV file's bytes into mono float samples; `name` is used in error messages.
 * Truncated data chunks and files without samples raise `DspError` 'BAD_WAV'; compressed
 * encodings (ADPCM, MP3 …) and unusual bit depths 'UNSUPPORTED_ENCODING'.
 */
export function decodeWav(bytes: Uint8Array, name: string): DecodedWav {
  const reader = bytesReader(bytes);
  const header = readWavHeader(reader, name);
  return {
    samples: readWavFrames(reader, header),
    sampleRateHz: header.sampleRateHz,
    channels: header.channels,
    encoding: header.encoding,
    bitsPerSample: header.bitsPerSample,
  };
}

/** Full-scale divisor per integer depth (8-bit PCM is unsigned with its zero at 128). */
const FULL_SCALE: Record<WavBitDepth, { offset: number; scale: number }> = {
  '8': { offset: 128, scale: 128 },
  '16': { offset: 0, scale: 32768 },
  '24': { offset: 0, scale: 8388608 },
  '32': { offset: 0, scale: 2147483648 },
  '32f': { offset: 0, scale: 1 },
  '64': { offset: 0, scale: 1 },
};

/**
 * Encodes mono samples in [-1, 1] as a WAV file (via `wavefile`). Integer depths round and clip
 * to full scale; '32f' stores the Float32 values bit-exactly (what `writeSyntheticDataset` uses).
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
