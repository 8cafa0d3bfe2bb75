import { DspError } from './errors.js';

/**
 * The measurement imperfections the synthetic generator draws per recording (see the package
 * README, "Synthetic recordings"). Every recording draws its own values, as if the set-up were
 * rebuilt for each take; all draws come from the recording's seeded stream.
 */
export interface SyntheticNuisance {
  /**
   * Length of the Hann-shaped tone burst (s). Not a take-to-take error but how the set-up
   * sounds: a burst longer than the direct-to-echo delay overlaps its echo, so the two interfere
   * instead of arriving as separate events.
   */
  burstS: number;
  /** Std of the receiver's placement error around the circle (degrees, normal). */
  receiverAngleSdDeg: number;
  /** Std of the plate's rotation error (degrees, normal); the specular lobe turns by twice it. */
  plateAngleSdDeg: number;
  /** Std of the source's and the receiver's distance from the plate, each independently (m). */
  radiusSdM: number;
  /** Std of the overall level: speaker output and microphone gain (dB, normal). */
  gainSdDb: number;
  /**
   * Half-width of the uniform trigger jitter (s): the burst starts 5 ms + U(0, 2·jitter) after
   * the recording does. Without a hardware trigger the file's time origin is arbitrary, so a
   * jitter larger than the times of flight hides them (only differences within a take remain).
   */
  triggerJitterS: number;
  /** Std of the tone's relative frequency error (e.g. 0.01 = 1 %, normal), a drifting source. */
  frequencyDriftSd: number;
  /** Background-noise RMS (full scale), drawn log-uniformly in [min, max] per recording. */
  noiseRms: [number, number];
  /** Early room reflections (floor, table, walls) per recording; 0 = anechoic. */
  roomReflections: number;
  /** Reflection coefficient range of the room surfaces, uniform per reflection (0 … 1). */
  roomReflectionCoefficient: [number, number];
  /** Extra path length of an early reflection over the direct path, uniform range (m). */
  roomExtraPathM: [number, number];
  /**
   * Critical distance (m): where the diffuse reverberant field has the direct sound's energy,
   * i.e. the tail's total energy is that of the direct sound at this distance. Infinity = none.
   */
  criticalDistanceM: number;
  /** Reverberation time RT60 of the diffuse tail, uniform range per recording (s). */
  rt60S: [number, number];
}

export type SyntheticDifficulty = 'easy' | 'realistic' | 'hard';

/** 'realistic': real takes with an untriggered recorder; 'hard' widens it (see below). */
const REALISTIC: SyntheticNuisance = {
  burstS: 0.004,
  receiverAngleSdDeg: 12,
  plateAngleSdDeg: 8,
  radiusSdM: 0.4,
  gainSdDb: 6,
  triggerJitterS: 0.01,
  frequencyDriftSd: 0.02,
  noiseRms: [0.01, 0.5],
  roomReflections: 12,
  roomReflectionCoefficient: [0.4, 0.9],
  roomExtraPathM: [0.3, 4],
  criticalDistanceM: 0.5,
  rt60S: [0.4, 1],
};

/**
 * Presets. 'easy' is the generator's first model (small placement/trigger/level jitter, fixed
 * noise, anechoic), which a ResNet ranks perfectly within a few epochs. 'realistic' adds the
 * room, the placement, level and noise variation of real takes and an untriggered recorder (the
 * file's time origin hides the time of flight). 'hard' (the default) widens placement error,
 * reverberation and noise until the default experiment keeps non-zero probe gradients through
 * epoch 30 as the seed's real recordings do (README: measured difficulty).
 */
export const SYNTHETIC_DIFFICULTY: Readonly<Record<SyntheticDifficulty, SyntheticNuisance>> = {
  easy: {
    burstS: 0.004,
    receiverAngleSdDeg: 4,
    plateAngleSdDeg: 0,
    radiusSdM: 0,
    gainSdDb: 1.5,
    triggerJitterS: 0.0005,
    frequencyDriftSd: 0,
    noiseRms: [0.01, 0.01],
    roomReflections: 0,
    roomReflectionCoefficient: [0, 0],
    roomExtraPathM: [0, 0],
    criticalDistanceM: Number.POSITIVE_INFINITY,
    rt60S: [0, 0],
  },
  realistic: REALISTIC,
  hard: { ...REALISTIC, receiverAngleSdDeg: 16, noiseRms: [0.02, 1], criticalDistanceM: 0.3 },
};

/** The preset the generator, `loadDataset` and the trainer use when none is named. */
export const DEFAULT_SYNTHETIC_DIFFICULTY: SyntheticDifficulty = 'hard';

/** What each field must be, as the check and the words of its error. */
type FieldRule = { expected: string; accepts: (value: unknown) => boolean };

const RANGE: FieldRule = {
  expected: '[min, max] with 0 ≤ min ≤ max < ∞',
  accepts: (value) =>
    Array.isArray(value) &&
    value.length === 2 &&
    value[0] >= 0 &&
    value[1] >= value[0] &&
    Number.isFinite(value[1]),
};
const NON_NEGATIVE: FieldRule = {
  expected: 'a finite number ≥ 0',
  accepts: (value) => typeof value === 'number' && value >= 0 && Number.isFinite(value),
};
const FIELD_RULES: Record<keyof SyntheticNuisance, FieldRule> = {
  burstS: {
    expected: 'a burst length > 0 s',
    accepts: (value) => typeof value === 'number' && value > 0 && Number.isFinite(value),
  },
  receiverAngleSdDeg: NON_NEGATIVE,
  plateAngleSdDeg: NON_NEGATIVE,
  radiusSdM: NON_NEGATIVE,
  gainSdDb: NON_NEGATIVE,
  triggerJitterS: NON_NEGATIVE,
  frequencyDriftSd: NON_NEGATIVE,
  noiseRms: {
    expected: '[min, max] with 0 < min ≤ max < ∞ (drawn log-uniformly), or [0, 0] for no noise',
    accepts: (value) =>
      RANGE.accepts(value) && ((value as number[])[0] > 0 || (value as number[])[1] === 0),
  },
  roomReflections: {
    expected: 'a non-negative integer',
    accepts: (value) => Number.isInteger(value) && (value as number) >= 0,
  },
  roomReflectionCoefficient: {
    expected: '[min, max] with 0 ≤ min ≤ max ≤ 1',
    accepts: (value) => RANGE.accepts(value) && (value as number[])[1] <= 1,
  },
  roomExtraPathM: RANGE,
  criticalDistanceM: {
    expected: 'a positive distance (Infinity for no reverberation)',
    accepts: (value) => typeof value === 'number' && value > 0,
  },
  rt60S: RANGE,
};

/** The preset (default {@link DEFAULT_SYNTHETIC_DIFFICULTY}) with `overrides` applied, validated field by field. */
export function resolveNuisance(
  difficulty: SyntheticDifficulty = DEFAULT_SYNTHETIC_DIFFICULTY,
  overrides: Partial<SyntheticNuisance> = {},
): SyntheticNuisance {
  if (!Object.hasOwn(SYNTHETIC_DIFFICULTY, difficulty)) {
    throw new DspError(
      'BAD_OPTION',
      `synthetic difficulty '${difficulty}' is unknown; expected one of ${Object.keys(SYNTHETIC_DIFFICULTY).join(', ')}`,
    );
  }
  const nuisance = { ...SYNTHETIC_DIFFICULTY[difficulty], ...overrides };
  for (const [field, value] of Object.entries(nuisance)) {
    const rule = FIELD_RULES[field as keyof SyntheticNuisance];
    if (!rule) {
      throw new DspError(
        'BAD_OPTION',
        `synthetic nuisance.${field} is not a nuisance field; expected one of ${Object.keys(FIELD_RULES).join(', ')}`,
      );
    }
    if (!rule.accepts(value)) {
      throw new DspError(
        'BAD_OPTION',
        `synthetic nuisance.${field} must be ${rule.expected}, got ${JSON.stringify(value)}`,
      );
    }
  }
  return nuisance;
}
