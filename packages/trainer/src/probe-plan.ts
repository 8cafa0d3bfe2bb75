import { PROBE_MIN_BATCHES, type ProbeConfig } from './config.js';
import { epochSeed } from './epoch-plan.js';
import type { IndexPair } from './model-port.js';

/**
 * Asked after each probe batch (from the `ProbePlan.minBatches`-th on) when `training.probe.until`
 * is set: true ends the probe ('precision'). `batchesDone` counts the batches whose `probe`
 * events have been emitted, the last one included.
 */
export type ProbeStopRule = (epoch: number, batchesDone: number) => boolean;

/** Why a probe ended (`probeEnd.stopReason`). */
export type ProbeStopReason = 'count' | 'precision' | 'cap' | 'pairs exhausted';

/**
 * Seed of epoch `epoch`'s probe: its own stream, derived from (run seed, epoch) but different
 * from `epochSeed(seed, epoch)`, so a probe draws nothing from the training pairs' stream.
 */
export function probeSeed(seed: number, epoch: number): number {
  return epochSeed(epochSeed(seed, epoch), 0x70726f62); // 'prob'
}

/** mulberry32 (Tommy Ettinger, public domain), two draws per 53-bit uniform in [0, 1). */
function uniform53(seed: number): () => number {
  let state = seed >>> 0;
  const next32 = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
}

/**
 * All valid pairs of a training set, without listing them: the unordered pairs {i, j}, i < j,
 * of samples with different angles, numbered in (i, j) lexicographic order. A pair and its
 * mirror are one pair (same loss, same gradient).
 */
class ValidPairs {
  /** `start[i]`: number of the first pair with left index i; `start[n]` = the count. */
  private readonly start: Float64Array;

  constructor(private readonly angles: number[]) {
    const n = angles.length;
    const later = new Map<number, number>(); // angle → samples with that angle after i
    const partners = new Float64Array(n);
    for (let i = n - 1; i >= 0; i--) {
      const same = later.get(angles[i]) ?? 0;
      partners[i] = n - 1 - i - same;
      later.set(angles[i], same + 1);
    }
    this.start = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) this.start[i + 1] = this.start[i] + partners[i];
  }

  get count(): number {
    return this.start[this.angles.length];
  }

  /** The pair numbered `r` (0 ≤ r < count) as (i, j), i < j. */
  pair(r: number): [number, number] {
    let low = 0;
    let high = this.angles.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.start[mid] <= r) low = mid;
      else high = mid - 1;
    }
    let rest = r - this.start[low];
    for (let j = low + 1; ; j++) {
      if (this.angles[j] === this.angles[low]) continue;
      if (rest === 0) return [low, j];
      rest--;
    }
  }
}

/** Number of valid pairs (two samples of different angles) among `angles`. */
export function countValidPairs(angles: number[]): number {
  return new ValidPairs(angles).count;
}

/**
 * Draws distinct valid pairs uniformly at random without replacement (a sparse Fisher–Yates
 * shuffle of the pair numbers: Knuth, TAOCP vol. 2, algorithm P, stopped after the draws made),
 * each in random orientation with `target` +1 when `left` has the larger angle. The k-th pair
 * depends only on the seed and k, so a probe that stops early draws a prefix of a longer one.
 */
export class ProbePairDrawer {
  private readonly pairs: ValidPairs;
  private readonly random: () => number;
  private readonly swapped = new Map<number, number>();
  private drawn = 0;

  constructor(
    private readonly angles: number[],
    seed: number,
  ) {
    this.pairs = new ValidPairs(angles);
    this.random = uniform53(seed);
  }

  /** Distinct valid pairs of the training set. */
  get validPairs(): number {
    return this.pairs.count;
  }

  /** Pairs not drawn yet. */
  get remaining(): number {
    return this.pairs.count - this.drawn;
  }

  /** Makes every pair drawable again; the random stream continues (independent batches). */
  restart(): void {
    this.swapped.clear();
    this.drawn = 0;
  }

  /** The next `count` pairs (throws when fewer remain: callers plan with `remaining`). */
  next(count: number): IndexPair[] {
    if (count > this.remaining) {
      throw new RangeError(`${count} more probe pairs requested, ${this.remaining} left`);
    }
    const out: IndexPair[] = [];
    for (let k = 0; k < count; k++) {
      const t = this.drawn++;
      const j = t + Math.floor(this.random() * (this.pairs.count - t));
      const picked = this.swapped.get(j) ?? j;
      this.swapped.set(j, this.swapped.get(t) ?? t);
      this.swapped.delete(t); // position t is never read again
      let [left, right] = this.pairs.pair(picked);
      if (this.random() < 0.5) [left, right] = [right, left];
      out.push({ left, right, target: this.angles[left] > this.angles[right] ? 1 : -1 });
    }
    return out;
  }
}

/** How many batches a probe will draw, and whether it may end sooner (`probeStart`). */
export interface ProbePlan {
  /** Batches the probe draws at most (all of them unless it stops by precision). */
  batches: number;
  /** What the config asked for: `probe.maxBatches` when it may stop by precision, else `probe.batches`. */
  requestedBatches: number;
  /** True when the stop rule will be asked (until set, a rule installed, enough batches). */
  mayStopEarly: boolean;
  /** With `mayStopEarly`: batches drawn before the stop rule is first asked. */
  minBatches: number;
  /** Distinct valid pairs of the training set. */
  validPairs: number;
  /** Why the plan differs from the request, or null. */
  note: string | null;
}

export function planProbe(
  validPairs: number,
  batchSize: number,
  probe: ProbeConfig,
  hasStopRule: boolean,
): ProbePlan {
  const byPrecision = probe.until !== null && hasStopRule;
  const requestedBatches = byPrecision ? probe.maxBatches : probe.batches;
  // Independent batches only need B distinct pairs each.
  const available =
    probe.distinct === 'probe' || validPairs < batchSize
      ? Math.floor(validPairs / batchSize)
      : Number.POSITIVE_INFINITY;
  const batches = Math.min(requestedBatches, available);
  // `batches` is the floor before the rule is asked: an interval from a handful of batches that
  // happens to look narrow would end the probe on noise (optional stopping).
  const minBatches = Math.max(PROBE_MIN_BATCHES, Math.min(probe.batches, probe.maxBatches));
  const notes: string[] = [];
  if (batches < requestedBatches) {
    notes.push(
      `the training set has ${validPairs} distinct valid pairs, ${available} full batches of ${batchSize}: drawing ${batches} of the ${requestedBatches} batches requested`,
    );
  }
  if (probe.until !== null && !hasStopRule) {
    notes.push(
      `training.probe.until is ${probe.until} but no stop rule is installed (Trainer.setProbeStopRule): a fixed count (training.probe.batches)`,
    );
  } else if (byPrecision && batches < minBatches) {
    notes.push(
      `${batches} batches are fewer than the ${minBatches} before the stop rule is asked: drawing all of them`,
    );
  }
  return {
    batches,
    requestedBatches,
    mayStopEarly: byPrecision && batches >= minBatches,
    minBatches,
    validPairs,
    note: notes.length > 0 ? notes.join('; ') : null,
  };
}
