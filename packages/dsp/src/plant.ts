import { DspError } from './errors.js';
import { createRng, type Rng } from './rng.js';

/**
 * Faults planted into a dataset so that a data audit can be measured against known truth:
 * - `mislabel`: the recording is filed under another angle (label only; the main case),
 * - `silent`: the recording is replaced by its own noise floor (a dead microphone),
 * - `clipped`: driven 20 dB into a limiter at its original peak (saturation),
 * - `wrong-tone`: played 1.4× fast, so every frequency is ×1.4 (a 3 kHz burst at 4.2 kHz),
 * - `noise-burst`: white noise at 3× the recording's RMS over a fifth of its length.
 */
export const FAULT_KINDS = ['mislabel', 'silent', 'clipped', 'wrong-tone', 'noise-burst'] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/** How many recordings get a kind of fault: a fraction of all recordings or a count. */
export type PlantAmount = { fraction: number } | { count: number };

/** e.g. `{ mislabel: { fraction: 0.1 }, silent: { count: 2 } }` (`parsePlantSpec`). */
export type PlantSpec = Partial<Record<FaultKind, PlantAmount>>;

/** One planted fault: what `planted.json` lists. Labels are angles in degrees. */
export interface PlantedFault {
  recordingId: string;
  kind: FaultKind;
  /** The angle the recording was made at. */
  trueLabel: number;
  /** The angle the dataset files it under (≠ trueLabel only for `mislabel`). */
  recordedLabel: number;
}

/** What planting reads and changes (dsp's decoded recordings satisfy it). */
export interface PlantableRecording {
  id: string;
  angleDeg: number;
  samples: Float32Array;
}

const CLIP_GAIN = 10; // +20 dB
const TONE_FACTOR = 1.4;
const BURST_RMS_FACTOR = 3;
const BURST_FRACTION = 0.2;
const FLOOR_FRAME = 64; // samples per frame of the noise-floor estimate
const FLOOR_QUANTILE = 0.1; // the quietest 10 % of frames are taken as noise only

function planError(problems: string[]): DspError {
  return new DspError('BAD_PLANT', problems.join('; '));
}

/**
 * Parses `mislabel=0.1,silent=2`: per kind a fraction in [0, 1] (written with a decimal point
 * or exponent: `0.1`, `1.0`) or a whole count (`2`). Every defect is reported at once, each
 * naming `flag` (e.g. '--plant'), the item and what was expected.
 */
export function parsePlantSpec(text: string, flag = '--plant'): PlantSpec {
  const spec: PlantSpec = {};
  const problems: string[] = [];
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) problems.push(`${flag} is empty; expected kind=amount[,kind=amount…]`);
  for (const item of items) {
    const match = /^([a-z-]+)\s*=\s*(\S+)$/.exec(item);
    if (!match) {
      problems.push(`${flag} item '${item}' is not kind=amount (e.g. mislabel=0.1 or silent=2)`);
      continue;
    }
    const [, kind, value] = match;
    if (!FAULT_KINDS.includes(kind as FaultKind)) {
      problems.push(
        `${flag}: unknown fault kind '${kind}'; expected one of ${FAULT_KINDS.join(', ')}`,
      );
      continue;
    }
    if (spec[kind as FaultKind]) {
      problems.push(`${flag}: fault kind '${kind}' is given twice`);
      continue;
    }
    const amount = parseAmount(value);
    if (typeof amount === 'string') problems.push(`${flag}: ${kind}=${value} ${amount}`);
    else spec[kind as FaultKind] = amount;
  }
  if (problems.length > 0) throw planError(problems);
  return spec;
}

function parseAmount(value: string): PlantAmount | string {
  const number = Number(value);
  if (!Number.isFinite(number)) {
    return 'is not a number; expected a fraction in [0, 1] (e.g. 0.1) or a whole count (e.g. 2)';
  }
  if (/^\d+$/.test(value)) return { count: number };
  if (/[.eE]/.test(value) && number >= 0 && number <= 1) return { fraction: number };
  return /[.eE]/.test(value)
    ? 'is a fraction outside [0, 1]'
    : 'is neither a fraction in [0, 1] nor a whole count ≥ 0';
}

/**
 * Recordings per kind for a dataset of `total` recordings: a fraction f gives round(f·total).
 * Each recording gets at most one fault, so the counts must sum to at most `total`.
 */
export function plantCounts(
  spec: PlantSpec,
  total: number,
  flag = '--plant',
): Record<FaultKind, number> {
  const counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  for (const kind of FAULT_KINDS) {
    const amount = spec[kind];
    if (!amount) continue;
    counts[kind] = 'count' in amount ? amount.count : Math.round(amount.fraction * total);
  }
  const sum = FAULT_KINDS.reduce((s, k) => s + counts[k], 0);
  if (sum > total) {
    const listing = FAULT_KINDS.filter((k) => counts[k] > 0)
      .map((k) => `${k} ${counts[k]}`)
      .join(', ');
    throw planError([
      `${flag} asks for ${sum} faults (${listing}) but the dataset has ${total} recordings; each recording takes at most one fault`,
    ]);
  }
  return counts;
}

/**
 * Plants `spec` into `recordings` in place (seeded: the same seed and recordings give the same
 * faults) and returns the list. Recordings are chosen uniformly without replacement, kinds in
 * `FAULT_KINDS` order; a mislabelled recording is filed under one of the other angles present,
 * uniformly. Call it before the train/validation split: faults then land on either side.
 */
export function plantFaults(
  recordings: PlantableRecording[],
  spec: PlantSpec,
  seed: number,
  flag = '--plant',
): PlantedFault[] {
  const counts = plantCounts(spec, recordings.length, flag);
  const angles = [...new Set(recordings.map((r) => r.angleDeg))].sort((a, b) => a - b);
  if (counts.mislabel > 0 && angles.length < 2) {
    throw planError([
      `${flag}: mislabel needs at least 2 angles, the dataset has ${angles.length}`,
    ]);
  }
  const rng = createRng((seed ^ 0x706c616e) >>> 0); // 'plan': a stream of its own
  const order = rng.shuffle(recordings.map((_, i) => i));
  const planted: PlantedFault[] = [];
  let next = 0;
  for (const kind of FAULT_KINDS) {
    for (let n = 0; n < counts[kind]; n++) {
      const recording = recordings[order[next++]];
      const trueLabel = recording.angleDeg;
      if (kind === 'mislabel') {
        const others = angles.filter((a) => a !== trueLabel);
        recording.angleDeg = others[rng.integer(others.length)];
      } else {
        recording.samples = corrupt(kind, recording.samples, rng);
      }
      planted.push({
        recordingId: recording.id,
        kind,
        trueLabel,
        recordedLabel: recording.angleDeg,
      });
    }
  }
  return planted.sort((a, b) => (a.recordingId < b.recordingId ? -1 : 1));
}

/** A new waveform with the signal fault applied (the input is not modified). */
export function corrupt(
  kind: Exclude<FaultKind, 'mislabel'>,
  samples: Float32Array,
  rng: Rng,
): Float32Array {
  const floor = noiseFloorRms(samples);
  const out = new Float32Array(samples.length);
  switch (kind) {
    case 'silent':
      for (let n = 0; n < out.length; n++) out[n] = floor * rng.normal();
      return out;
    case 'clipped': {
      const peak = samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      for (let n = 0; n < out.length; n++) {
        out[n] = Math.max(-peak, Math.min(peak, CLIP_GAIN * samples[n]));
      }
      return out;
    }
    case 'wrong-tone':
      // Playback at TONE_FACTOR× speed by linear interpolation; past the end, the noise floor.
      for (let n = 0; n < out.length; n++) {
        const t = n * TONE_FACTOR;
        const i = Math.floor(t);
        out[n] =
          i + 1 < samples.length
            ? samples[i] + (t - i) * (samples[i + 1] - samples[i])
            : floor * rng.normal();
      }
      return out;
    case 'noise-burst': {
      const rms = Math.sqrt(samples.reduce((s, v) => s + v * v, 0) / Math.max(1, samples.length));
      const length = Math.max(1, Math.round(BURST_FRACTION * samples.length));
      const start = rng.integer(Math.max(1, samples.length - length + 1));
      out.set(samples);
      for (let n = start; n < Math.min(samples.length, start + length); n++) {
        out[n] += BURST_RMS_FACTOR * rms * rng.normal();
      }
      return out;
    }
  }
}

/** RMS of the quietest 10 % of 64-sample frames: the recording's own noise floor. */
function noiseFloorRms(samples: Float32Array): number {
  const frames: number[] = [];
  for (let start = 0; start + FLOOR_FRAME <= samples.length; start += FLOOR_FRAME) {
    let s = 0;
    for (let n = start; n < start + FLOOR_FRAME; n++) s += samples[n] * samples[n];
    frames.push(s / FLOOR_FRAME);
  }
  if (frames.length === 0) return 0;
  frames.sort((a, b) => a - b);
  const quiet = frames.slice(0, Math.max(1, Math.floor(frames.length * FLOOR_QUANTILE)));
  return Math.sqrt(quiet.reduce((a, b) => a + b, 0) / quiet.length);
}
