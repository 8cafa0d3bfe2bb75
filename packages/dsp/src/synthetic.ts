import { DspError } from './errors.js';
import { createRng, type Rng } from './rng.js';

/** Acoustic properties of a plate material in the synthetic model (dimensionless, seconds). */
export interface MaterialProperties {
  /** Pressure reflection coefficient of the plate face, 0 … 1. */
  reflection: number;
  /** Fraction of pressure passing through the plate to a receiver in its shadow, 0 … 1. */
  transmission: number;
  /** Time constant of the echo's one-pole low-pass (s): softer plates ring longer and sound darker. */
  dampingS: number;
}

/** Built-in materials: a hard plastic plate and a cardboard box face. */
export const MATERIALS: Readonly<Record<string, MaterialProperties>> = {
  plastic: { reflection: 0.9, transmission: 0.35, dampingS: 0.00005 },
  box: { reflection: 0.55, transmission: 0.15, dampingS: 0.0002 },
};

export interface SyntheticOptions {
  /** 'plastic' or 'box' (see MATERIALS). Default 'plastic'. */
  material?: string;
  /** Tone-burst frequency (Hz). Default 3000. */
  frequencyHz?: number;
  /** Receiver angles (degrees, 0 … 180). Default 0, 36, 72, 108, 144, 180. */
  anglesDeg?: number[];
  /** Recordings per angle. Default 9 (so 54 in all, the seed experiment's set). */
  perClass?: number;
  /** PRNG seed; the same seed gives bit-identical recordings. Default 1. */
  seed?: number;
  /** Default 44100 Hz. */
  sampleRateHz?: number;
  /** Recording length (s). Default 0.05. */
  durationS?: number;
}

export interface SyntheticRecording {
  /** e.g. 'plastic/3000hz/deg036/003.wav': the path `writeSyntheticDataset` writes it to. */
  id: string;
  material: string;
  frequencyHz: number;
  angleDeg: number;
  samples: Float32Array;
}

export interface SyntheticRecordingSet {
  recordings: SyntheticRecording[];
  sampleRateHz: number;
  seed: number;
}

export const SEED_ANGLES_DEG: readonly number[] = [0, 36, 72, 108, 144, 180];

const SPEED_OF_SOUND = 343; // m/s, air at 20 °C
const RADIUS_M = 2.5; // source and receiver circle radius around the plate
const HEIGHT_OFFSET_M = 0.25; // receiver above the source plane, so the direct path never vanishes
const BURST_S = 0.004; // Hann-shaped tone burst length
const EMISSION_S = 0.005; // nominal emission time after the recording starts
const NOISE_RMS = 0.01; // background noise (full scale)
const ANGLE_JITTER_DEG = 4; // std of receiver placement error
const EMISSION_JITTER_S = 0.0005; // half-width of the uniform trigger jitter
const GAIN_JITTER_DB = 1.5; // std of the speaker level

/**
 * Synthetic recordings of a tone burst reflected by a plate (see the package README for the
 * physics). Each recording draws from its own PRNG stream seeded by (seed, index), so a
 * recording does not change when others are added.
 */
export function generateSyntheticRecordings(options: SyntheticOptions = {}): SyntheticRecordingSet {
  const material = options.material ?? 'plastic';
  const frequencyHz = options.frequencyHz ?? 3000;
  const anglesDeg = options.anglesDeg ?? [...SEED_ANGLES_DEG];
  const perClass = options.perClass ?? 9;
  const seed = options.seed ?? 1;
  const sampleRateHz = options.sampleRateHz ?? 44100;
  const durationS = options.durationS ?? 0.05;
  const properties = MATERIALS[material];
  if (!properties) {
    throw new DspError(
      'BAD_OPTION',
      `synthetic material '${material}' is unknown; expected one of ${Object.keys(MATERIALS).join(', ')}`,
    );
  }
  if (!(frequencyHz > 0 && frequencyHz < sampleRateHz / 2)) {
    throw new DspError(
      'BAD_OPTION',
      `synthetic frequencyHz must lie in (0, ${sampleRateHz / 2}) Hz, got ${frequencyHz}`,
    );
  }
  if (!Number.isInteger(perClass) || perClass < 1) {
    throw new DspError(
      'BAD_OPTION',
      `synthetic perClass must be a positive integer, got ${perClass}`,
    );
  }
  anglesDeg.forEach((angle, index) => {
    if (!Number.isInteger(angle) || angle < 0 || angle > 180) {
      throw new DspError(
        'BAD_OPTION',
        `synthetic anglesDeg[${index}] must be an integer in 0 … 180, got ${angle}`,
      );
    }
  });
  const length = Math.round(durationS * sampleRateHz);
  const recordings: SyntheticRecording[] = [];
  for (const angleDeg of anglesDeg) {
    for (let i = 0; i < perClass; i++) {
      const rng = createRng((seed ^ Math.imul(recordings.length + 1, 0x9e3779b1)) >>> 0);
      recordings.push({
        id: `${material}/${frequencyHz}hz/deg${pad3(angleDeg)}/${pad3(i)}.wav`,
        material,
        frequencyHz,
        angleDeg,
        samples: synthesize(angleDeg, frequencyHz, properties, sampleRateHz, length, rng),
      });
    }
  }
  return { recordings, sampleRateHz, seed };
}

function pad3(n: number): string {
  return String(n).padStart(3, '0');
}

/** One recording: direct path + low-passed plate echo + background noise, with jitter. */
function synthesize(
  angleDeg: number,
  frequencyHz: number,
  m: MaterialProperties,
  sampleRateHz: number,
  length: number,
  rng: Rng,
): Float32Array {
  const theta = ((angleDeg + ANGLE_JITTER_DEG * rng.normal()) * Math.PI) / 180;
  const emissionS = EMISSION_S + EMISSION_JITTER_S * (2 * rng.next() - 1);
  const gain = 10 ** ((GAIN_JITTER_DB * rng.normal()) / 20);

  // Direct path: chord between source and receiver on the circle, lifted by the height offset;
  // spherical spreading 1/d; behind the plate (θ > 90°) it is shadowed towards `transmission`.
  const chord = 2 * RADIUS_M * Math.sin(Math.abs(theta) / 2);
  const directM = Math.hypot(chord, HEIGHT_OFFSET_M);
  const shadow = 1 - (1 - m.transmission) * Math.max(0, -Math.cos(theta));
  const directGain = (gain * shadow) / directM;
  // Echo: source → plate → receiver (2R), specular lobe strongest back towards the source.
  const lobe = 0.15 + 0.85 * ((1 + Math.cos(theta)) / 2);
  const echoGain = (gain * m.reflection * lobe) / (2 * RADIUS_M);

  const burst = (t: number): number =>
    t < 0 || t >= BURST_S
      ? 0
      : Math.sin(2 * Math.PI * frequencyHz * t) * 0.5 * (1 - Math.cos((2 * Math.PI * t) / BURST_S));
  const directS = emissionS + directM / SPEED_OF_SOUND;
  const echoS = emissionS + (2 * RADIUS_M) / SPEED_OF_SOUND;
  // One-pole low-pass y[n] = (1 − a)·x[n] + a·y[n−1], a = exp(−1/(τ·fs)): the plate's damping.
  const a = Math.exp(-1 / (m.dampingS * sampleRateHz));
  const out = new Float32Array(length);
  let echo = 0;
  for (let n = 0; n < length; n++) {
    const t = n / sampleRateHz;
    echo = (1 - a) * echoGain * burst(t - echoS) + a * echo;
    out[n] = directGain * burst(t - directS) + echo + NOISE_RMS * rng.normal();
  }
  return out;
}
