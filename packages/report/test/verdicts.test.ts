import { describe, expect, it } from 'vitest';
import { LANGUAGES, MESSAGES } from '../src/i18n/index.js';
import { NumberBook } from '../src/numberBook.js';
import type { ProbeRecord } from '../src/probeRecord.js';
import { reportMarkdown } from '../src/reportMarkdown.js';
import type { RunData } from '../src/runDirectory.js';
import { type Conclusions, drawConclusions, type Verdict } from '../src/verdicts.js';
import { type PlantedProbe, plantedProbe } from './fixtures/runFixture.js';

const EPOCHS = [5, 10, 15, 20, 25, 30];

function conclude(planted: PlantedProbe[]) {
  const probes = planted.map(plantedProbe);
  return { probes, conclusions: drawConclusions(probes) };
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
    problems: [],
  };
}

/** The conclusion line of hypothesis n in the report of the given language. */
function hypothesisLine(
  planted: PlantedProbe[],
  lang: (typeof LANGUAGES)[number],
  n: number,
): string {
  const { probes, conclusions } = conclude(planted);
  const run = craftedRun(probes);
  const figures = { gns: null, loss: null, embedding: new Map(), similarity: new Map() };
  const markdown = reportMarkdown(run, conclusions, figures, MESSAGES[lang], new NumberBook());
  const conclusionsPart = markdown.slice(markdown.indexOf('### 6.1'));
  return conclusionsPart.split('\n').find((line) => line.startsWith(`${n}. **`))!;
}

function expectVerdictInBothLanguages(planted: PlantedProbe[], n: number, verdict: Verdict) {
  for (const lang of LANGUAGES) {
    expect(hypothesisLine(planted, lang, n)).toContain(`**${MESSAGES[lang].verdicts[verdict]}`);
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
  it('names the flagged batches and their samples', () => {
    const planted = falling.map((p) => ({ ...p, outlierBatches: p.epoch === 10 ? [3] : [] }));
    const { outliers } = conclude(planted).conclusions;
    expect(outliers.verdict).toBe('supported');
    expect(outliers.batches).toEqual([{ epoch: 10, index: 3, similarityZ: -4.2, normZ: 1.1 }]);
    const sample = plantedProbe(planted[1]).batches[3][0].left;
    expect(outliers.samples[0].sampleId).toBe(sample);
    for (const lang of LANGUAGES) expect(hypothesisLine(planted, lang, 3)).toContain(sample);
    expectVerdictInBothLanguages(planted, 3, 'supported');
  });

  it('is not supported when no batch is flagged', () => {
    expect(conclude(falling).conclusions.outliers.reason).toBe('none-found');
    expectVerdictInBothLanguages(falling, 3, 'not-supported');
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
    expect(hypothesisLine(planted, 'zh-TW', 1)).toContain('數據太少，無法判定');
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
  it('compares B_noise of the last usable probe with B (factor 2 either way is "keep")', () => {
    const advice = (bSimple: number) =>
      conclude([{ epoch: 5, bSimple }]).conclusions.batchSize!.advice;
    expect(advice(40)).toBe('increase');
    expect(advice(6)).toBe('keep');
    expect(advice(1)).toBe('decrease');
    const last = conclude(falling).conclusions.batchSize!;
    expect(last).toMatchObject({ epoch: 30, batchSize: 4, bNoise: 15 });
    expect(last.learningRateFraction).toBeCloseTo(1 / (1 + 15 / 4), 12);
  });
});

describe('sketched cosines', () => {
  it('states the error bound of sketched similarities in both languages', () => {
    const probe = plantedProbe({ epoch: 5, bSimple: 10 });
    probe.probe.similarity = { ...probe.probe.similarity, path: 'sketch', errorBound: 0.0421 };
    const run = craftedRun([probe]);
    const figures = { gns: null, loss: null, embedding: new Map(), similarity: new Map() };
    const conclusions = drawConclusions([probe]);
    expect(reportMarkdown(run, conclusions, figures, MESSAGES.en, new NumberBook())).toContain(
      'each is within ±0.0421 of the exact value',
    );
    expect(
      reportMarkdown(run, conclusions, figures, MESSAGES['zh-TW'], new NumberBook()),
    ).toContain('±0.0421 以內');
  });
});
