import { DspError } from './errors.js';
import { createRng, type Rng } from './rng.js';
import { DEFAULT_SEED } from './seed.js';
import {
  resolveNuisance,
  type SyntheticDifficulty,
  type SyntheticNuisance,
} from './synthetic-nuisance.js';

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
  /** PRNG seed; the same seed gives bit-identical recordings. Default `DEFAULT_SEED` (42). */
  seed?: number;
  /** Default 44100 Hz. */
  sampleRateHz?: number;
  /** Recording length (s). Default 0.05. */
  durationS?: number;
  /** Preset of measurement imperfections (SYNTHETIC_DIFFICULTY). Default 'hard'. */
  difficulty?: SyntheticDifficulty;
  /** Overrides of single fields of the difficulty preset. */
  nuisance?: Partial<SyntheticNuisance>;
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
const RADIUS_M = 2.5; // nominal source and receiver circle radius around the plate
const HEIGHT_OFFSET_M = 0.25; // receiver above the source plane, so the direct path never vanishes
const EMISSION_S = 0.005; // earliest emission time after the recording starts
const TAIL_TAPS_PER_S = 2000; // reflection density of the diffuse tail
const LN_1000 = Math.log(1000); // RT60: the amplitude falls by 60 dB = a factor 1000
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
  const seed = options.seed ?? DEFAULT_SEED;
  const sampleRateHz = options.sampleRateHz ?? 44100;
  const durationS = options.durationS ?? 0.05;
  const properties = syntheticMaterial(material, frequencyHz, sampleRateHz);
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
  const nuisance = resolveNuisance(options.difficulty, options.nuisance);
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
        samples: synthesize(angleDeg, frequencyHz, properties, nuisance, sampleRateHz, length, rng),
      });
    }
  }
  return { recordings, sampleRateHz, seed };
}

function pad3(n: number): string {
  return String(n).padStart(3, '0');
}

/**
 * One recording: direct path + low-passed plate echo + room (early reflections and a diffuse
 * tail) + background noise, with this take's placement, trigger, level and tone errors.
 */
function synthesize(
  angleDeg: number,
  frequencyHz: number,
  m: MaterialProperties,
  nuisance: SyntheticNuisance,
  sampleRateHz: number,
  length: number,
  rng: Rng,
): Float32Array {
  const radians = (deg: number) => (deg * Math.PI) / 180;
  const uniform = ([low, high]: [number, number]) => low + (high - low) * rng.next();
  const theta = radians(angleDeg + nuisance.receiverAngleSdDeg * rng.normal());
  const plateTurn = radians(nuisance.plateAngleSdDeg * rng.normal());
  const sourceM = RADIUS_M + nuisance.radiusSdM * rng.normal();
  const receiverM = RADIUS_M + nuisance.radiusSdM * rng.normal();
  // The recorder starts between 0 and 2·jitter early, never late, so no burst is cut off.
  const emissionS = EMISSION_S + nuisance.triggerJitterS * 2 * rng.next();
  const gain = 10 ** ((nuisance.gainSdDb * rng.normal()) / 20);
  const toneHz = frequencyHz * (1 + nuisance.frequencyDriftSd * rng.normal());
  const [noiseLow, noiseHigh] = nuisance.noiseRms;
  const noiseRms =
    noiseLow === noiseHigh ? noiseLow : noiseLow * (noiseHigh / noiseLow) ** rng.next();

  // Direct path: law of cosines between source and receiver, lifted by the height offset;
  // spherical spreading 1/d; behind the plate (θ > 90°) it is shadowed towards `transmission`.
  const directM = Math.sqrt(
    sourceM ** 2 +
      receiverM ** 2 -
      2 * sourceM * receiverM * Math.cos(theta) +
      HEIGHT_OFFSET_M ** 2,
  );
  const shadow = 1 - (1 - m.transmission) * Math.max(0, -Math.cos(theta));
  // Echo: source → plate → receiver; a plate turned by δ turns its specular lobe by 2δ.
  const echoM = sourceM + receiverM;
  const lobe = 0.15 + 0.85 * ((1 + Math.cos(theta - 2 * plateTurn)) / 2);

  const out = new Float32Array(length);
  const addBurst = (target: Float32Array, pathM: number, amplitude: number) => {
    const startS = emissionS + pathM / SPEED_OF_SOUND;
    const first = Math.max(0, Math.ceil(startS * sampleRateHz));
    const last = Math.min(length, Math.ceil((startS + nuisance.burstS) * sampleRateHz));
    for (let n = first; n < last; n++) {
      const t = n / sampleRateHz - startS;
      const hann = 0.5 * (1 - Math.cos((2 * Math.PI * t) / nuisance.burstS));
      target[n] += amplitude * hann * Math.sin(2 * Math.PI * toneHz * t);
    }
  };
  addBurst(out, directM, (gain * shadow) / directM);

  // One-pole low-pass y[n] = (1 − a)·x[n] + a·y[n−1], a = exp(−1/(τ·fs)): the plate's damping.
  const echo = new Float32Array(length);
  addBurst(echo, echoM, (gain * m.reflection * lobe) / echoM);
  const a = Math.exp(-1 / (m.dampingS * sampleRateHz));
  let state = 0;
  for (let n = 0; n < length; n++) {
    state = (1 - a) * echo[n] + a * state;
    out[n] += state;
  }

  // Early reflections: image sources behind floor, table and walls, each a longer path with
  // spherical spreading over its length and the surface's reflection coefficient.
  for (let k = 0; k < nuisance.roomReflections; k++) {
    const pathM = directM + uniform(nuisance.roomExtraPathM);
    addBurst(out, pathM, (gain * uniform(nuisance.roomReflectionCoefficient)) / pathM);
  }

  // Diffuse tail (Sabine/Schroeder model): random-sign reflections arriving uniformly after the
  // direct sound with an amplitude envelope falling 60 dB in RT60, scaled so the tail's total
  // energy equals the direct sound's at the critical distance, (gain / r_c)².
  if (Number.isFinite(nuisance.criticalDistanceM)) {
    const rt60S = uniform(nuisance.rt60S);
    const taps = Array.from({ length: Math.ceil(TAIL_TAPS_PER_S * rt60S) }, () => {
      const delayS = rt60S * rng.next();
      return { delayS, amplitude: rng.normal() * Math.exp((-LN_1000 * delayS) / rt60S) };
    });
    const energy = taps.reduce((sum, tap) => sum + tap.amplitude ** 2, 0);
    const scale = energy > 0 ? gain / nuisance.criticalDistanceM / Math.sqrt(energy) : 0;
    for (const tap of taps) {
      addBurst(out, directM + tap.delayS * SPEED_OF_SOUND, scale * tap.amplitude);
    }
  }

  for (let n = 0; n < length; n++) out[n] += noiseRms * rng.normal();
  return out;
}

/** The material's properties, after checking the material and that the tone lies below Nyquist. */
function syntheticMaterial(material: string, frequencyHz: number, sampleRateHz: number) {
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
  return properties;
}

/**
 * The physical differences the synthetic generator puts into a condition (material, tone
 * frequency), in words, for comparison reports: the plate's reflection and transmission, the
 * echo's one-pole low-pass (its magnitude at the tone, |H(e^{jω})| = (1 − a)/√(1 − 2a·cos ω + a²),
 * a = exp(−1/(τ·fs)), ω = 2πf/fs) and the tone's wavelength in air.
 */
export function describeSyntheticCondition(
  material: string,
  frequencyHz: number,
  sampleRateHz = 44100,
): string {
  const m = syntheticMaterial(material, frequencyHz, sampleRateHz);
  const a = Math.exp(-1 / (m.dampingS * sampleRateHz));
  const omega = (2 * Math.PI * frequencyHz) / sampleRateHz;
  const echoGain = (1 - a) / Math.sqrt(1 - 2 * a * Math.cos(omega) + a * a);
  const wavelengthCm = (100 * SPEED_OF_SOUND) / frequencyHz;
  return (
    `synthetic ${material} plate, ${frequencyHz} Hz tone burst: reflection coefficient ${m.reflection}, ` +
    `transmission ${m.transmission} behind the plate, echo low-pass τ = ${m.dampingS * 1e6} µs ` +
    `(the echo keeps ${(100 * echoGain).toFixed(1)}% of its amplitude at ${frequencyHz} Hz), ` +
    `wavelength ${wavelengthCm.toFixed(1)} cm in air (${SPEED_OF_SOUND} m/s)`
  );
}
