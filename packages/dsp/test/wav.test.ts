import { describe, expect, it } from 'vitest';
import wavefile from 'wavefile';
import { DspError, decodeWav, encodeWav, readWav, type WavBitDepth } from '../src/index.js';

const samples = Float32Array.from([0, 0.5, -0.5, 0.25, -1, 0.99]);

describe('decodeWav / encodeWav', () => {
  it.each([
    ['8', 1 / 128],
    ['16', 1 / 32768],
    ['24', 1 / 8388608],
    ['32', 1 / 2147483648],
    ['32f', 0],
  ] as [WavBitDepth, number][])(
    'round-trips %s-bit audio within one quantisation step',
    (bitDepth, step) => {
      const decoded = decodeWav(encodeWav(samples, 22050, bitDepth), 'x.wav');
      expect(decoded.sampleRateHz).toBe(22050);
      expect(decoded.bitDepth).toBe(bitDepth);
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
    await expect(readWav('/nonexistent/a.wav')).rejects.toThrow(
      new DspError('NOT_FOUND', '/nonexistent/a.wav: cannot read the file: no such file or folder'),
    );
  });
});
