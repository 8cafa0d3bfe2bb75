import FFT from 'fft.js';
import { DspError } from './errors.js';
import { createWindow, type WindowName } from './window.js';

export interface StftOptions {
  /** FFT length = window length in samples; a power of two ≥ 2. Default 1024. */
  nFft?: number;
  /** Hop between frame starts in samples, ≥ 1. Default nFft / 4. */
  hop?: number;
  /** Window name (periodic, see `createWindow`) or explicit coefficients of length nFft. Default 'hann'. */
  window?: WindowName | Float64Array;
  /** Pad nFft/2 samples on both sides so frame t is centred on sample t·hop. Default true. */
  center?: boolean;
  /** How centre padding is filled: 'reflect' (torch.stft default) or 'constant' zeros (scipy.signal.stft). Default 'reflect'. */
  padMode?: 'reflect' | 'constant';
  /**
   * 'none': the plain sum X = Σ w·x·e^{−iωn} (torch.stft, normalized=False).
   * 'spectrum': X / Σw (scipy.signal.stft's scaling='spectrum'), so a sine of amplitude A
   * shows |X| = A/2 in its bin. Default 'none'.
   */
  scaling?: 'none' | 'spectrum';
}

/** One-sided short-time Fourier transform, row-major [frequencyBins, frames]. */
export interface Stft {
  real: Float64Array;
  imag: Float64Array;
  /** [nFft/2 + 1, frames] */
  shape: [number, number];
  /** Frequency of bin k: k·sampleRate/nFft (Hz). */
  frequenciesHz: Float64Array;
  /** Centre time of frame t (seconds): t·hop/sampleRate when centred, (t·hop + nFft/2)/sampleRate otherwise. */
  timesS: Float64Array;
}

export interface ResolvedStftOptions {
  nFft: number;
  hop: number;
  window: WindowName | Float64Array;
  center: boolean;
  padMode: 'reflect' | 'constant';
  scaling: 'none' | 'spectrum';
}

/** Fills the defaults and validates every STFT option, naming the offending field. */
export function resolveStftOptions(options: StftOptions = {}): ResolvedStftOptions {
  const nFft = options.nFft ?? 1024;
  if (!Number.isInteger(nFft) || nFft < 2 || (nFft & (nFft - 1)) !== 0) {
    throw new DspError('BAD_OPTION', `stft option nFft must be a power of two ≥ 2, got ${nFft}`);
  }
  const hop = options.hop ?? nFft / 4;
  if (!Number.isInteger(hop) || hop < 1) {
    throw new DspError('BAD_OPTION', `stft option hop must be a positive integer, got ${hop}`);
  }
  const window = options.window ?? 'hann';
  if (window instanceof Float64Array && window.length !== nFft) {
    throw new DspError(
      'BAD_OPTION',
      `stft option window has ${window.length} coefficients, expected nFft = ${nFft}`,
    );
  }
  const padMode = options.padMode ?? 'reflect';
  if (padMode !== 'reflect' && padMode !== 'constant') {
    throw new DspError('BAD_OPTION', `stft option padMode must be 'reflect' or 'constant'`);
  }
  const scaling = options.scaling ?? 'none';
  if (scaling !== 'none' && scaling !== 'spectrum') {
    throw new DspError('BAD_OPTION', `stft option scaling must be 'none' or 'spectrum'`);
  }
  return { nFft, hop, window, center: options.center ?? true, padMode, scaling };
}

/**
 * Short-time Fourier transform with torch.stft's framing (centre padding, 1 + ⌊N/hop⌋ frames
 * when centred, 1 + ⌊(N − nFft)/hop⌋ otherwise):
 *   X[k, t] = Σ_{n=0}^{nFft−1} w[n] · x̃[t·hop + n] · e^{−2πi·k·n/nFft},  k = 0 … nFft/2,
 * where x̃ is x padded by nFft/2 on both sides when `center`. With scaling 'spectrum' X is
 * divided by Σw as scipy.signal.stft does. Transforms use fft.js's real FFT; accumulation is float64.
 */
export function stft(signal: ArrayLike<number>, sampleRateHz: number, options?: StftOptions): Stft {
  const { nFft, hop, window, center, padMode, scaling } = resolveStftOptions(options);
  if (!(sampleRateHz > 0)) {
    throw new DspError('BAD_OPTION', `sampleRateHz must be positive, got ${sampleRateHz}`);
  }
  const padded = center ? padCentre(signal, nFft / 2, padMode) : Float64Array.from(signal);
  if (padded.length < nFft) {
    throw new DspError(
      'BAD_OPTION',
      `signal of ${signal.length} samples is shorter than one frame (nFft = ${nFft}, center = ${center})`,
    );
  }
  const w = window instanceof Float64Array ? window : createWindow(window, nFft);
  let scale = 1;
  if (scaling === 'spectrum') {
    let sum = 0;
    for (let n = 0; n < nFft; n++) sum += w[n];
    scale = 1 / sum;
  }
  const bins = nFft / 2 + 1;
  const frames = 1 + Math.floor((padded.length - nFft) / hop);
  const real = new Float64Array(bins * frames);
  const imag = new Float64Array(bins * frames);
  const fft = new FFT(nFft);
  const frame = new Float64Array(nFft);
  const spectrum = new Float64Array(2 * nFft);
  for (let t = 0; t < frames; t++) {
    const start = t * hop;
    for (let n = 0; n < nFft; n++) frame[n] = w[n] * padded[start + n];
    fft.realTransform(spectrum, frame);
    // realTransform fills bins 0 … nFft/2 (the one-sided half); layout is row-major [bin, frame].
    for (let k = 0; k < bins; k++) {
      real[k * frames + t] = spectrum[2 * k] * scale;
      imag[k * frames + t] = spectrum[2 * k + 1] * scale;
    }
  }
  const frequenciesHz = new Float64Array(bins);
  for (let k = 0; k < bins; k++) frequenciesHz[k] = (k * sampleRateHz) / nFft;
  const timesS = new Float64Array(frames);
  const offset = center ? 0 : nFft / 2;
  for (let t = 0; t < frames; t++) timesS[t] = (t * hop + offset) / sampleRateHz;
  return { real, imag, shape: [bins, frames], frequenciesHz, timesS };
}

/** Pads `pad` samples on both sides: numpy's 'reflect' (edge not repeated) or zeros. */
function padCentre(
  signal: ArrayLike<number>,
  pad: number,
  mode: 'reflect' | 'constant',
): Float64Array {
  const n = signal.length;
  const out = new Float64Array(n + 2 * pad);
  for (let i = 0; i < n; i++) out[pad + i] = signal[i];
  if (mode === 'constant') return out;
  if (n <= pad) {
    throw new DspError(
      'BAD_OPTION',
      `reflect padding needs more than nFft/2 = ${pad} samples, the signal has ${n}; use padMode 'constant' or a smaller nFft`,
    );
  }
  for (let i = 1; i <= pad; i++) {
    out[pad - i] = signal[i];
    out[pad + n - 1 + i] = signal[n - 1 - i];
  }
  return out;
}
