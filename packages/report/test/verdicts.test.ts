import { hypergeometricUpperTail } from '@ranker/grad-analysis';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, MESSAGES } from '../src/i18n/index.js';
import { NumberBook } from '../src/numberBook.js';
import type { PlantedFault } from '../src/plantedFaults.js';
import type { ProbeRecord } from '../src/probeRecord.js';
import { reportMarkdown } from '../src/reportMarkdown.js';
import type { RunData } from '../src/runDirectory.js';
import { type Conclusions, drawConclusions, type Verdict } from '../src/verdicts.js';
import { type PlantedProbe, plantedProbe } from './fixtures/runFixture.js';

const EPOCHS = [5, 10, 15, 20, 25, 30];
const noFigures = {
  gns: null,
  loss: null,
  embedding: new Map(),
  similarity: new Map(),
  audit: null,
};

/** Pairs per epoch of the fixture runs (48 training samples, one pair each). */
const PAIRS_PER_EPOCH = 48;

function conclude(planted: PlantedProbe[], faults: PlantedFault[] | null = null) {
  const probes = planted.map(plantedProbe);
  return {
    probes,
    conclusions: drawConclusions(probes, { planted: faults, pairsPerEpoch: PAIRS_PER_EPOCH }),
  };
}

/** A run directory's contents holding only the given probes. */
function craftedRun(probes: ProbeRecord[]): RunData {
  const lastEpoch = probes[probes.length - 1].epoch;
  return {
    runDir: '/x',
    runId: 'crafted',
    config: null,
    status: 'completed',
    lastCompletedEpoch: lastEpoch,
    error: null,
    epochs: [],
    probes,
    expectedProbeEpochs: probes.map((p) => p.epoch),
    missingProbeEpochs: [],
    planted: null,
    audit: null,
    pairsPerEpoch: 48,
    problems: [],
  };
}

/** The conclusion line of hypothesis n in the report of the given language. */
function hypothesisLine(
  planted: PlantedProbe[],
  lang: (typeof LANGUAGES)[number],
  n: number,
  faults: PlantedFault[] | null = null,
): string {
  const { probes, conclusions } = conclude(planted, faults);
  const run = craftedRun(probes);
  const figures = {
    gns: null,
    loss: null,
    embedding: new Map(),
    similarity: new Map(),
    audit: null,
  };
  const markdown = reportMarkdown(run, conclusions, figures, MESSAGES[lang], new NumberBook());
  const conclusionsPart = markdown.slice(markdown.indexOf('### 6.1'));
  return conclusionsPart.split('\n').find((line) => line.startsWith(`${n}. **`))!;
}

function expectVerdictInBothLanguages(
  planted: PlantedProbe[],
  n: number,
  verdict: Verdict,
  faults: PlantedFault[] | null = null,
) {
  for (const lang of LANGUAGES) {
    expect(hypothesisLine(planted, lang, n, faults)).toContain(
      `**${MESSAGES[lang].verdicts[verdict]}`,
    );
  }
}

const falling = EPOCHS.map((epoch, i) => ({ epoch, bSimple: 40 - 5 * i }));
const rising = EPOCHS.map((epoch, i) => ({ epoch, bSimple: 10 + 4 * i }));
// Noise around 20 with no drift: values alternate above and below the mean.
const flat = EPOCHS.map((epoch, i) => ({ epoch, bSimple: [20, 23, 18, 22, 19, 21][i] }));

describe('hypothesis 1: GNS decreases', () => {
  it('is supported for a falling B_simple, with the slope stated', () => {
    const { conclusions } = conclude(falling);
    expect(conclusions.gnsDecreases).toMatchObject({ verdict: 'supported', reason: 'decreasing' });
    expect(conclusions.gnsDecreases.trend!.slope).toBeCloseTo(-1, 10); // −5 per 5 epochs
    expectVerdictInBothLanguages(falling, 1, 'supported');
  });

  it('is not supported for a rising B_simple', () => {
    expect(conclude(rising).conclusions.gnsDecreases).toMatchObject({
      verdict: 'not-supported',
      reason: 'increasing',
    });
    expectVerdictInBothLanguages(rising, 1, 'not-supported');
  });

  it('is not supported for a flat, noisy B_simple (interval contains zero)', () => {
    const { gnsDecreases } = conclude(flat).conclusions;
    expect(gnsDecreases).toMatchObject({ verdict: 'not-supported', reason: 'no-clear-trend' });
    expect(gnsDecreases.trend!.low).toBeLessThan(0);
    expect(gnsDecreases.trend!.high).toBeGreaterThan(0);
    expectVerdictInBothLanguages(flat, 1, 'not-supported');
  });

  it('finds no clear trend when the per-epoch intervals are wider than the fall', () => {
    const wide = falling.map((p) => ({ ...p, relativeHalfWidth: 3 }));
    expect(conclude(wide).conclusions.gnsDecreases.reason).toBe('no-clear-trend');
  });

  it('leaves negative estimates out of the trend and says so', () => {
    const planted = falling.map((p, i) => ({ ...p, negative: i === 2 }));
    const { gnsDecreases } = conclude(planted).conclusions;
    expect(gnsDecreases.negativeEpochs).toEqual([15]);
    expect(gnsDecreases.epochs).toEqual([5, 10, 20, 25, 30]);
    expect(hypothesisLine(planted, 'en', 1)).toContain('Epochs 15 were left out');
  });
});

describe('hypothesis 2: directions align', () => {
  it('is supported when the mean off-diagonal cosine rises', () => {
    const aligned = EPOCHS.map((epoch, i) => ({ epoch, bSimple: 20, meanCosine: 0.1 + 0.1 * i }));
    expect(conclude(aligned).conclusions.directionsAlign).toMatchObject({
      verdict: 'supported',
      reason: 'increasing',
    });
    expectVerdictInBothLanguages(aligned, 2, 'supported');
  });

  it('is not supported when the gradients stay scattered around orthogonal', () => {
    const scattered = EPOCHS.map((epoch, i) => ({
      epoch,
      bSimple: 20,
      meanCosine: [0.02, -0.03, 0.01, -0.02, 0.03, -0.01][i],
      cosineNoise: 0.4,
    }));
    const { directionsAlign } = conclude(scattered).conclusions;
    expect(directionsAlign.verdict).toBe('not-supported');
    expect(directionsAlign.reason).not.toBe('increasing');
    expectVerdictInBothLanguages(scattered, 2, 'not-supported');
  });
});

describe('hypothesis 3: outliers point at problem samples', () => {
  const withOutlier = falling.map((p) => ({ ...p, outlierBatches: p.epoch === 10 ? [3] : [] }));
  const fault = (recordingId: string): PlantedFault => ({
    recordingId,
    kind: 'label-swap',
    trueLabel: 0,
    recordedLabel: 180,
  });

  it('is never supported without ground truth, whatever is flagged: not tested, says what would test it', () => {
    const fixtures = [
      falling,
      withOutlier,
      EPOCHS.map((epoch) => ({ epoch, bSimple: 20, outlierBatches: [0, 5, 9] })),
      EPOCHS.map((epoch) => ({ epoch, bSimple: 20, zeroGradientBatches: [1, 2, 3, 4, 5, 6, 7] })),
    ];
    for (const planted of fixtures) {
      const { outliers } = conclude(planted).conclusions;
      expect(outliers.verdict).toBe('not-tested');
      expect(outliers.reason).toBe('no-ground-truth');
      expectVerdictInBothLanguages(planted, 3, 'not-tested');
    }
    expect(hypothesisLine(withOutlier, 'en', 3)).toContain('What would test it: ground truth');
    // The flagged batch is still listed, as a candidate.
    const sample = plantedProbe(withOutlier[1]).batches[3][0].left;
    for (const lang of LANGUAGES) expect(hypothesisLine(withOutlier, lang, 3)).toContain(sample);
  });

  it('is supported when the flagged batch holds the planted samples (hypergeometric p = 28/4560)', () => {
    // 12 batches × 8 distinct sample ids = 96 samples; the flagged batch 3 holds 8, among them
    // both planted ones: P(X ≥ 2) = C(8,2)/C(96,2) = 28/4560 (scipy hypergeom.sf(1, 96, 2, 8)).
    const batch = plantedProbe(withOutlier[1]).batches[3];
    const faults = [fault(batch[0].left), fault(batch[1].right)];
    const { outliers } = conclude(withOutlier, faults).conclusions;
    expect(outliers).toMatchObject({ verdict: 'supported', reason: 'enriched' });
    expect(outliers.test).toMatchObject({
      population: 96,
      planted: 2,
      flagged: 8,
      plantedFlagged: 2,
    });
    expect(outliers.test!.pValue).toBeCloseTo(28 / 4560, 12);
    expectVerdictInBothLanguages(withOutlier, 3, 'supported', faults);
    expect(hypothesisLine(withOutlier, 'en', 3, faults)).toContain('p = 0.00614, below 0.05');
  });

  it('is not supported when the planted samples sit in batches nobody flagged', () => {
    const batch = plantedProbe(withOutlier[1]).batches[7];
    const faults = [fault(batch[0].left), fault(batch[2].left)];
    const { outliers } = conclude(withOutlier, faults).conclusions;
    expect(outliers).toMatchObject({ verdict: 'not-supported', reason: 'not-enriched' });
    expect(outliers.test).toMatchObject({ plantedFlagged: 0, pValue: 1 });
    expectVerdictInBothLanguages(withOutlier, 3, 'not-supported', faults);
  });

  it('is inconclusive when no planted sample appears in any probe batch', () => {
    const { outliers } = conclude(withOutlier, [fault('elsewhere/001.wav')]).conclusions;
    expect(outliers).toMatchObject({ verdict: 'inconclusive', reason: 'no-planted-in-probes' });
  });
});

describe('hypergeometricUpperTail', () => {
  it('matches scipy.stats.hypergeom.sf(k − 1, N, K, n)', () => {
    // Values printed by scipy 1.x at /usr/bin/python3.
    expect(hypergeometricUpperTail(96, 2, 8, 2)).toBeCloseTo(0.0061403508771929825, 14);
    expect(hypergeometricUpperTail(50, 10, 12, 5)).toBeCloseTo(0.0460249264258388, 12);
    expect(hypergeometricUpperTail(200, 20, 30, 3)).toBeCloseTo(0.6060346236150127, 12);
    expect(hypergeometricUpperTail(200, 20, 30, 0)).toBe(1);
    expect(hypergeometricUpperTail(10, 3, 4, 4)).toBe(0);
  });
});

describe('too few data', () => {
  it('is inconclusive for every hypothesis when the probes have 3 batches, and says so', () => {
    const planted = falling.map((p) => ({ ...p, batches: 3 }));
    const { conclusions } = conclude(planted);
    const verdicts = [
      conclusions.gnsDecreases,
      conclusions.directionsAlign,
      conclusions.outliers,
    ].map((v) => v.verdict);
    expect(verdicts).toEqual(['inconclusive', 'inconclusive', 'inconclusive']);
    expect(conclusions.tooFewBatchEpochs).toEqual(EPOCHS);
    expect(conclusions.batchSize).toBeNull();
    for (const n of [1, 2, 3]) expectVerdictInBothLanguages(planted, n, 'inconclusive');
    expect(hypothesisLine(planted, 'en', 1)).toContain(
      'Too few data to decide: 0 usable analysed epochs',
    );
    expect(hypothesisLine(planted, 'zh-TW', 1)).toContain('資料太少，無法判定');
  });

  it('is inconclusive on trends with only two analysed epochs', () => {
    const two = falling.slice(0, 2);
    const c: Conclusions = conclude(two).conclusions;
    expect(c.gnsDecreases).toMatchObject({ verdict: 'inconclusive', reason: 'too-few-probes' });
    expect(c.directionsAlign.verdict).toBe('inconclusive');
    expectVerdictInBothLanguages(two, 1, 'inconclusive');
  });
});

describe('batch-size advice', () => {
  const advise = (p: Partial<PlantedProbe> & { bSimple: number }, pairsPerEpoch = 48) =>
    drawConclusions([plantedProbe({ epoch: 5, ...p })], { pairsPerEpoch }).batchSize!;

  it('advises only when the interval excludes B (4 pairs), in the direction it lies', () => {
    expect(advise({ bSimple: 40 })).toMatchObject({ advice: 'increase', upTo: 40 }); // 36…44
    expect(advise({ bSimple: 6 })).toMatchObject({ advice: 'increase', upTo: 6 }); // 5.4…6.6
    expect(advise({ bSimple: 1 })).toMatchObject({ advice: 'decrease', upTo: null }); // 0.9…1.1
    // 5 ± 2.5 contains 4; the issue's −672…2820 (estimate 1074) contains it too: no advice.
    expect(advise({ bSimple: 5, relativeHalfWidth: 0.5 }).advice).toBe('none');
    expect(advise({ bSimple: 1074, relativeHalfWidth: 1.6 }).advice).toBe('none');
  });

  it('never advises beyond pairs per epoch, and says when B already uses them all', () => {
    expect(advise({ bSimple: 4062 })).toMatchObject({
      advice: 'increase',
      upTo: 48,
      cappedByData: true,
    });
    expect(advise({ bSimple: 40 }, 4).advice).toBe('at-data-limit');
    const line = (lang: (typeof LANGUAGES)[number]) => {
      const probes = [plantedProbe({ epoch: 5, bSimple: 4062 })];
      const c = drawConclusions(probes, { pairsPerEpoch: 48 });
      const md = reportMarkdown(craftedRun(probes), c, noFigures, MESSAGES[lang], new NumberBook());
      return md.slice(md.indexOf('### 6.2'), md.indexOf('### 6.3'));
    };
    expect(line('en')).toContain('about up to 48 pairs, all pairs of an epoch');
    expect(line('en')).not.toContain('up to 4060'); // the estimate, beyond what the data allow
  });

  it('reads a lower bound above B as "at least up to L", capped by the data', () => {
    expect(advise({ bSimple: 50, intervalKind: 'lower-bound' })).toMatchObject({
      advice: 'increase',
      upTo: 45,
      cappedByData: false,
    });
    expect(advise({ bSimple: 500, intervalKind: 'lower-bound' })).toMatchObject({
      advice: 'increase',
      upTo: 48,
      cappedByData: true,
    });
    // A lower bound below B says nothing either way.
    expect(advise({ bSimple: 4, relativeHalfWidth: 0.5, intervalKind: 'lower-bound' }).advice).toBe(
      'none',
    );
  });
});

describe('trends need 4 epochs with two-sided intervals', () => {
  it('is inconclusive from 3 epochs, however steep', () => {
    const three = falling.slice(0, 3);
    expect(conclude(three).conclusions.gnsDecreases).toMatchObject({
      verdict: 'inconclusive',
      reason: 'too-few-probes',
    });
    expectVerdictInBothLanguages(three, 1, 'inconclusive');
  });

  it('leaves lower-bound epochs out of the trend and names them', () => {
    const twoOneSided = falling.map((p, i) => ({
      ...p,
      intervalKind: i === 1 || i === 3 ? ('lower-bound' as const) : undefined,
    }));
    const v = conclude(twoOneSided).conclusions.gnsDecreases;
    expect(v).toMatchObject({ verdict: 'supported', oneSidedEpochs: [10, 20] });
    expect(v.epochs).toEqual([5, 15, 25, 30]);
    expect(hypothesisLine(twoOneSided, 'en', 1)).toContain(
      'Epoch 10, 20 left out: B_simple has only a lower bound',
    );
    const threeOneSided = falling.map((p, i) => ({
      ...p,
      intervalKind: i < 3 ? ('lower-bound' as const) : undefined,
    }));
    expect(conclude(threeOneSided).conclusions.gnsDecreases.verdict).toBe('inconclusive');
  });
});

describe('sketched cosines', () => {
  it('states the error bound of sketched similarities in both languages', () => {
    const probe = plantedProbe({ epoch: 5, bSimple: 10 });
    probe.probe.similarity = { ...probe.probe.similarity, path: 'sketch', errorBound: 0.0421 };
    const run = craftedRun([probe]);
    const figures = noFigures;
    const conclusions = drawConclusions([probe]);
    expect(reportMarkdown(run, conclusions, figures, MESSAGES.en, new NumberBook())).toContain(
      'each is within ±0.0421 of the exact value',
    );
    expect(
      reportMarkdown(run, conclusions, figures, MESSAGES['zh-TW'], new NumberBook()),
    ).toContain('±0.0421 以內');
  });
});
