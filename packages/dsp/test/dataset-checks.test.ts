import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DspError, encodeWav, loadDataset, SILENCE_THRESHOLD_DBFS } from '../src/index.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ranker-dsp-checks-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const RATE = 8000;
/** Writes `samples` as a 32-bit float WAV (bit-exact, NaN and ±Inf kept). */
async function write(path: string, samples: Float32Array): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, encodeWav(samples, RATE, '32f'));
}
const sine = (length: number, amplitude: number) =>
  Float32Array.from(
    { length },
    (_, n) => amplitude * Math.sin((2 * Math.PI * 3000 * n) / RATE + 0.3),
  );

async function caught(promise: Promise<unknown>): Promise<DspError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DspError);
    return error as DspError;
  }
  throw new Error('expected a DspError');
}

describe('loadDataset: bad samples and windows are named per file, all at once', () => {
  it('rejects NaN and ±Inf samples at load, naming the file, the first bad sample and its time', async () => {
    const base = join(root, 'nonfinite');
    const dir = join(base, 'plastic/3000hz');
    await write(join(dir, 'deg000/good.wav'), sine(4000, 0.5));
    const nan = sine(4000, 0.5);
    nan[500] = Number.NaN;
    nan[700] = Number.NaN;
    await write(join(dir, 'deg000/nan.wav'), nan);
    const inf = sine(4000, 0.5);
    inf[8] = Number.NEGATIVE_INFINITY;
    await write(join(dir, 'deg090/inf.wav'), inf);
    await write(join(dir, 'deg090/good.wav'), sine(4000, 0.5));
    const error = await caught(loadDataset({ source: base }));
    expect(error.code).toBe('BAD_RECORDINGS');
    // The window read: frames 0 … 63 at hop 32, plus 9 frames and nFft of margin: (63 + 9)·32 + 256 = 2560.
    expect(error.problems).toEqual([
      {
        path: join(dir, 'deg000/nan.wav'),
        code: 'NON_FINITE_SAMPLES',
        message: `${join(dir, 'deg000/nan.wav')}: sample 500 (62.5 ms) is NaN; 2 of the 2560 samples read are not finite (samples 0–2560 read); expected finite audio samples`,
      },
      {
        path: join(dir, 'deg090/inf.wav'),
        code: 'NON_FINITE_SAMPLES',
        message: `${join(dir, 'deg090/inf.wav')}: sample 8 (1 ms) is -Infinity (samples 0–2560 read); expected finite audio samples`,
      },
    ]);
  });

  it('names a clip too short for the STFT, its duration and the minimum, offering no hidden options', async () => {
    const base = join(root, 'short');
    const dir = join(base, 'plastic/3000hz');
    await write(join(dir, 'deg000/ok.wav'), sine(4000, 0.5));
    await write(join(dir, 'deg090/ok.wav'), sine(4000, 0.5));
    await write(join(dir, 'deg090/click.wav'), sine(8, 0.5)); // 1 ms
    const error = await caught(loadDataset({ source: base }));
    // nFft 256 centred with reflect padding needs more than 128 samples: 129 / 8000 Hz.
    expect(error.problems).toEqual([
      {
        path: join(dir, 'deg090/click.wav'),
        code: 'RECORDING_TOO_SHORT',
        message: `${join(dir, 'deg090/click.wav')}: lasts 1 ms (8 samples at 8000 Hz), shorter than the 16.13 ms (129 samples) the spectrogram needs (STFT window of 256 samples, centred frames with reflect padding); expected a recording of at least 16.13 ms`,
      },
    ]);
    expect(error.message).not.toMatch(/padMode|nFft/);
  });

  it('checks the window start against each file, naming the file', async () => {
    const base = join(root, 'start');
    const dir = join(base, 'plastic/3000hz');
    await write(join(dir, 'deg000/long.wav'), sine(8000, 0.5)); // 1 s
    await write(join(dir, 'deg090/long.wav'), sine(8000, 0.5));
    await write(join(dir, 'deg090/brief.wav'), sine(2000, 0.5)); // 250 ms
    const error = await caught(loadDataset({ source: base, startS: 0.5 }));
    expect(error.problems).toEqual([
      {
        path: join(dir, 'deg090/brief.wav'),
        code: 'WINDOW_START_PAST_END',
        message: `${join(dir, 'deg090/brief.wav')}: the analysis window starts at 0.5 s (startS, CLI --window-start) but the recording lasts only 250 ms; expected a window start below 250 ms`,
      },
    ]);
    await expect(loadDataset({ source: base, startS: -1 })).rejects.toThrow(
      new DspError(
        'BAD_OPTION',
        'loadDataset option startS (start of the analysis window, CLI --window-start) must be a finite number ≥ 0 s, got -1',
      ),
    );
    // 0.1 s lies inside every file (brief.wav lasts 250 ms): the set loads.
    const later = await loadDataset({ source: base, startS: 0.1, size: [8, 8] });
    expect(later.samples).toHaveLength(3);
  });
});

describe('loadDataset: a setting that does not fit a file names the file', () => {
  it('a bad option is one BAD_OPTION error, not one problem per file', async () => {
    const error = await caught(loadDataset({ source: join(root, 'lowrate'), size: [0, 64] }));
    expect(error.code).toBe('BAD_OPTION');
    expect(error.message).toBe(
      'spectrogram option size must be [height, width] positive integers, got [0,64]',
    );
  });

  it('a band above the Nyquist frequency of 2 kHz recordings', async () => {
    const base = join(root, 'lowrate');
    const dir = join(base, 'plastic/3000hz');
    for (const name of ['deg000/a.wav', 'deg090/a.wav']) {
      await mkdir(join(dir, name, '..'), { recursive: true });
      await writeFile(join(dir, name), encodeWav(new Float32Array(2000), 2000, '16'));
    }
    const error = await caught(loadDataset({ source: base }));
    expect(error.problems.map((p) => p.message)).toEqual(
      ['deg000/a.wav', 'deg090/a.wav'].map(
        (name) => `${join(dir, name)}: band 3000 ± 1500 Hz does not overlap 0 … 1000 Hz (Nyquist)`,
      ),
    );
  });
});

describe('loadDataset: silent analysis windows', () => {
  it(`lists recordings whose window is below ${SILENCE_THRESHOLD_DBFS} dBFS RMS, with their level`, async () => {
    const base = join(root, 'silent');
    const dir = join(base, 'plastic/3000hz');
    const loud = sine(4000, 0.5); // −9.03 dBFS
    const quiet = sine(4000, Math.SQRT2 * 10 ** (-70 / 20)); // RMS −70 dBFS
    const justAbove = sine(4000, Math.SQRT2 * 10 ** (-59 / 20));
    const late = new Float32Array(4000);
    late.set(sine(1000, 0.5), 3000); // an event after the window (the window ends at sample 2144)
    await write(join(dir, 'deg000/loud.wav'), loud);
    await write(join(dir, 'deg000/quiet.wav'), quiet);
    await write(join(dir, 'deg090/zero.wav'), new Float32Array(4000));
    await write(join(dir, 'deg090/late.wav'), late);
    await write(join(dir, 'deg090/above.wav'), justAbove);
    const dataset = await loadDataset({ source: base });
    expect(dataset.samples).toHaveLength(5);
    expect(dataset.warnings).toHaveLength(1);
    const [warning] = dataset.warnings;
    expect(warning.code).toBe('SILENT_WINDOW');
    expect(
      warning.recordings.map((r) => [
        r.id,
        r.rmsDbfs === null ? null : Math.round(r.rmsDbfs * 10) / 10,
      ]),
    ).toEqual([
      ['plastic/3000hz/deg000/quiet.wav', -70],
      ['plastic/3000hz/deg090/late.wav', null],
      ['plastic/3000hz/deg090/zero.wav', null],
    ]);
    expect(warning.message.split('\n')).toEqual([
      '3 of 5 recordings are silent or near-silent in the analysis window (samples 0–2144 at 8000 Hz, 0 ms–268 ms): RMS below -60 dBFS, so their spectrograms are mostly the dB floor; check the files or move the window (--window-start)',
      `  - ${join(dir, 'deg000/quiet.wav')} (-70.0 dBFS)`,
      `  - ${join(dir, 'deg090/late.wav')} (all samples 0, −∞ dBFS)`,
      `  - ${join(dir, 'deg090/zero.wav')} (all samples 0, −∞ dBFS)`,
    ]);
    const moved = await loadDataset({ source: base, startS: 0.4 });
    expect(moved.warnings[0].recordings.map((r) => r.id)).toEqual([
      'plastic/3000hz/deg000/quiet.wav',
      'plastic/3000hz/deg090/zero.wav',
    ]);
    expect((await loadDataset({ synthetic: { perClass: 1 } })).warnings).toEqual([]);
  });
});
