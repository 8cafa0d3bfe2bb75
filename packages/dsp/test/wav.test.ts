import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import wavefile from 'wavefile';
import {
  DspError,
  decodeWav,
  encodeWav,
  type OpenFile,
  openFile,
  openWav,
  readWav,
  type WavBitDepth,
} from '../src/index.js';
import reference from './fixtures/g711-reference.json' with { type: 'json' };

const samples = Float32Array.from([0, 0.5, -0.5, 0.25, -1, 0.99]);

describe('decodeWav / encodeWav', () => {
  it.each([
    ['8', 1 / 128],
    ['16', 1 / 32768],
    ['24', 1 / 8388608],
    ['32', 1 / 2147483648],
    ['32f', 0],
    ['64', 0],
  ] as [WavBitDepth, number][])(
    'round-trips %s-bit audio within one quantisation step',
    (bitDepth, step) => {
      const decoded = decodeWav(encodeWav(samples, 22050, bitDepth), 'x.wav');
      expect(decoded.sampleRateHz).toBe(22050);
      expect(decoded.encoding).toBe(bitDepth === '32f' || bitDepth === '64' ? 'float' : 'pcm');
      expect(decoded.bitsPerSample).toBe(Number.parseInt(bitDepth, 10));
      expect(decoded.channels).toBe(1);
      samples.forEach((v, i) => {
        expect(Math.abs(decoded.samples[i] - v)).toBeLessThanOrEqual(step / 2 + 1e-7);
      });
    },
  );

  it('reads 8-bit PCM as unsigned around 128 and scales 16-bit by 32768', () => {
    const wav = new wavefile.WaveFile();
    wav.fromScratch(1, 8000, '8', [128, 255, 0]);
    expect(Array.from(decodeWav(wav.toBuffer(), 'u8.wav').samples)).toEqual([0, 127 / 128, -1]);
    wav.fromScratch(1, 8000, '16', [16384, -32768]);
    expect(Array.from(decodeWav(wav.toBuffer(), 's16.wav').samples)).toEqual([0.5, -1]);
  });

  it('mixes multi-channel audio down to the mean of the channels', () => {
    const wav = new wavefile.WaveFile();
    wav.fromScratch(2, 8000, '16', [
      [16384, 8192],
      [-8192, 0],
    ]);
    const decoded = decodeWav(wav.toBuffer(), 'stereo.wav');
    expect(decoded.channels).toBe(2);
    expect(Array.from(decoded.samples)).toEqual([0.125, 0.125]);
  });

  it('rejects a truncated file, naming it and the missing bytes', () => {
    const bytes = encodeWav(samples, 8000, '16');
    expect(() => decodeWav(bytes.slice(0, bytes.length - 3), 'cut.wav')).toThrow(
      new DspError(
        'BAD_WAV',
        'cut.wav: truncated WAV, the data chunk declares 12 bytes but only 9 are present',
      ),
    );
  });

  it('rejects bytes that are not a WAV file and a path that cannot be read', async () => {
    expect(() => decodeWav(new TextEncoder().encode('hello world'), 'text.wav')).toThrow(
      /^text\.wav: not a readable WAV file/,
    );
    expect(() => decodeWav(new TextEncoder().encode('hello world'), 'text.wav')).toThrow(
      new DspError(
        'BAD_WAV',
        'text.wav: not a readable WAV file (expected a RIFF/WAVE header, found "hell")',
      ),
    );
    await expect(readWav('/nonexistent/a.wav')).rejects.toThrow(
      new DspError('NOT_FOUND', '/nonexistent/a.wav: cannot read the file: no such file or folder'),
    );
  });
});

/** A WAV file with any format code: RIFF header, a `fmt ` chunk (extensible when asked), `data`. */
function buildWav(o: {
  code: number;
  channels?: number;
  rateHz?: number;
  bits: number;
  data: Uint8Array;
  extensible?: boolean;
}): Uint8Array {
  const channels = o.channels ?? 1;
  const rateHz = o.rateHz ?? 8000;
  const blockAlign = (channels * o.bits) / 8;
  const fmtSize = o.extensible ? 40 : 16;
  const bytes = new Uint8Array(12 + 8 + fmtSize + 8 + o.data.length);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) bytes[at + i] = s.charCodeAt(i);
  };
  text(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, o.extensible ? 0xfffe : o.code, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, rateHz, true);
  view.setUint32(28, rateHz * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, o.bits, true);
  if (o.extensible) {
    view.setUint16(36, 22, true); // cbSize
    view.setUint16(38, o.bits, true); // valid bits
    view.setUint16(44, o.code, true); // SubFormat GUID starts with the format code
  }
  text(20 + fmtSize, 'data');
  view.setUint32(24 + fmtSize, o.data.length, true);
  bytes.set(o.data, 28 + fmtSize);
  return bytes;
}

const allCodes = Uint8Array.from({ length: 256 }, (_, b) => b);

describe('G.711 µ-law and A-law', () => {
  it.each([
    ['µ-law', 7, 'mu-law', reference.ulaw],
    ['A-law', 6, 'a-law', reference.alaw],
  ] as const)('decodes every %s byte as Python audioop does', (_, code, encoding, expected) => {
    const decoded = decodeWav(buildWav({ code, bits: 8, data: allCodes }), 'g711.wav');
    expect(decoded.encoding).toBe(encoding);
    expect(decoded.bitsPerSample).toBe(8);
    expect(Array.from(decoded.samples)).toEqual(expected.map((v) => Math.fround(v / 32768)));
    const extensible = decodeWav(
      buildWav({ code, bits: 8, data: allCodes, extensible: true }),
      'g711x.wav',
    );
    expect(extensible.samples).toEqual(decoded.samples);
  });

  it('keeps the G.711 endpoints: µ-law ±32124/32768, A-law ±32256/32768, near-zero codes', () => {
    // G.711 table 2a: µ-law 0x00 is the most negative value, 0x80 the most positive, 0xFF is 0.
    expect(reference.ulaw[0x00]).toBe(-32124);
    expect(reference.ulaw[0x80]).toBe(32124);
    expect(reference.ulaw[0xff]).toBe(0);
    // Table 1a: A-law 0xD5 / 0x55 are the smallest positive / negative steps (±8).
    expect(reference.alaw[0xd5]).toBe(8);
    expect(reference.alaw[0x55]).toBe(-8);
    expect(Math.max(...reference.alaw)).toBe(32256);
  });
});

describe('unsupported encodings', () => {
  it.each([
    [0x0011, 'IMA ADPCM (WAV format code 0x0011)', 4],
    [0x0002, 'Microsoft ADPCM (WAV format code 0x0002)', 4],
    [0x0055, 'MPEG Layer 3 (MP3) (WAV format code 0x0055)', 16],
    [0x1234, 'a compressed or unknown encoding (WAV format code 0x1234)', 16],
  ])(
    'refuses format %i in plain language, naming what is supported and how to convert',
    (code, label, bits) => {
      const bytes = buildWav({ code, bits, data: new Uint8Array(64) });
      expect(() => decodeWav(bytes, 'field.wav')).toThrow(
        new DspError(
          'UNSUPPORTED_ENCODING',
          `field.wav: the audio is stored as ${label}, which this loader does not decode; supported: PCM 8/16/24/32-bit integer, IEEE float 32/64-bit, G.711 µ-law and A-law. To use the file, convert it to 16-bit PCM, e.g. \`sox in.wav -e signed-integer -b 16 out.wav\` or \`ffmpeg -i in.wav -c:a pcm_s16le out.wav\``,
        ),
      );
    },
  );

  it('refuses an unusual bit depth without internal codes', () => {
    const bytes = buildWav({ code: 1, bits: 12, data: new Uint8Array(0) });
    let message = '';
    try {
      decodeWav(bytes, 'odd.wav');
    } catch (error) {
      message = (error as DspError).message;
      expect((error as DspError).code).toBe('UNSUPPORTED_ENCODING');
    }
    expect(message).toMatch(/^odd\.wav: PCM with 12 bits per sample is not supported; supported:/);
    expect(message).not.toMatch(/'8m'|'8a'|code '/);
  });
});

describe('reading a window of a long file', () => {
  it('reads the header and only the bytes of the frames asked for', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ranker-dsp-wav-'));
    try {
      // 10 minutes of 8 kHz 16-bit stereo: 19.2 MB of samples.
      const rateHz = 8000;
      const frames = 600 * rateHz;
      const data = new Uint8Array(frames * 4);
      const view = new DataView(data.buffer);
      for (let i = 0; i < frames; i++) {
        view.setInt16(4 * i, i % 30000, true);
        view.setInt16(4 * i + 2, -(i % 20000), true);
      }
      const path = join(dir, 'long.wav');
      await writeFile(path, buildWav({ code: 1, channels: 2, rateHz, bits: 16, data }));
      let bytesRead = 0;
      const counting: OpenFile = (p) => {
        const file = openFile(p);
        return {
          ...file,
          read(position, length) {
            const bytes = file.read(position, length);
            bytesRead += bytes.length;
            return bytes;
          },
        };
      };
      const wav = openWav(path, counting);
      expect(wav.header).toMatchObject({ frames, channels: 2, sampleRateHz: rateHz });
      const headerBytes = bytesRead;
      expect(headerBytes).toBeLessThan(100);
      const start = 123_456;
      const window = wav.read(start, start + 368);
      wav.close();
      expect(bytesRead - headerBytes).toBe(368 * 4);
      window.forEach((v, k) => {
        const i = start + k;
        expect(v).toBe(Math.fround(((i % 30000) - (i % 20000)) / 2 / 32768));
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
