import { DspError } from './errors.js';

/**
 * Resamples by linear interpolation between neighbouring samples: output sample j sits at
 * input position j·fromHz/toHz. Simple and exact for band-limited content well below both
 * Nyquist frequencies; it has no anti-aliasing filter, so downsampling folds content above
 * the new Nyquist frequency back into the band.
 */
export function resampleLinear(samples: Float32Array, fromHz: number, toHz: number): Float32Array {
  if (!(fromHz > 0) || !(toHz > 0)) {
    throw new DspError('BAD_OPTION', `resample rates must be positive, got ${fromHz} → ${toHz} Hz`);
  }
  if (fromHz === toHz) return samples.slice();
  const ratio = fromHz / toHz;
  const length = Math.max(1, Math.floor((samples.length - 1) / ratio) + 1);
  const out = new Float32Array(length);
  for (let j = 0; j < length; j++) {
    const position = j * ratio;
    const i = Math.floor(position);
    const fraction = position - i;
    const next = i + 1 < samples.length ? samples[i + 1] : samples[i];
    out[j] = samples[i] + fraction * (next - samples[i]);
  }
  return out;
}
