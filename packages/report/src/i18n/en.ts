import type { Messages } from './messages.js';

const verdictWord = {
  supported: 'supported',
  'not-supported': 'not supported',
  inconclusive: 'inconclusive',
  'not-tested': 'not tested',
} as const;

export const en: Messages = {
  audit: {
    title: 'Data audit',
    signal: {
      margin: 'ranking margin (AUM)',
      misordered: 'mis-ordered partners',
      classMargin: 'class margin (AUM)',
      alignment: 'gradient alignment with the rest',
      selfInfluence: 'self-influence (TracIn Σ‖g‖²)',
      loss: 'loss of its audit pairs',
    },
    below: 'robust SD below the median',
    above: 'robust SD above the median',
    undefinedSignal: 'undefined',
    typical: (z) => `typical (z ${z})`,
    verdict: {
      supported: 'supported',
      'not-supported': 'not supported',
      'not-tested': 'not tested',
    },
    reason: {
      'no-audit': 'the run has no data audit (audit.json)',
      'no-ground-truth':
        'nothing was planted, so there is no ground truth: flagged recordings may be chance (the calibrated rate); this report does not claim they are problem samples',
      'nothing-planted-audited':
        'every planted fault fell in the validation split, which the audit does not score',
      'beyond-chance': 'the flagged recordings hold more planted faults than chance',
      'not-beyond-chance': 'the flagged recordings do not hold more planted faults than chance',
    },
    hypothesis: (verdict, reason, test) =>
      `Hypothesis 3 (outliers point at problem samples): **${verdict}** — ${reason}${test ? ` (${test})` : ''}.`,
    test: (flaggedPlanted, flagged, planted, audited, p, level) =>
      `one-sided hypergeometric test: ${flaggedPlanted} of ${flagged} flagged recordings planted, ${planted} planted among ${audited}; p = ${p}, supported when p < ${level}`,
    detector: (names, recordings, threshold, calibration) =>
      `Detector: ${names} — each signal as a robust z-score over the ${recordings} training recordings (median/MAD, oriented so that larger is more suspicious), the score their mean; a recording is flagged at score ≥ ${threshold}. Calibration: ${calibration}.`,
    evidence: (scoreEpochs, gradients) =>
      `Evidence: inference scores at ${scoreEpochs} epochs${gradients ? `; ${gradients}` : ''}. Validation recordings are not audited.`,
    gradients: (epochs, path) => `per-recording gradients at epochs ${epochs} (${path})`,
    exactPath: 'exact cosines',
    sketchPath: (k) => `cosines from a CountSketch of dimension ${k}`,
    flagged: (count, total, percent) => `Flagged: ${count} of ${total} (${percent}).`,
    listenFirst: 'Recordings to listen to first',
    noneFlagged: (shown) => `None is flagged; the ${shown} highest scores, for reference:`,
    columns: {
      rank: 'rank',
      recording: 'recording',
      label: 'label',
      score: 'score',
      why: 'why',
      planted: 'planted',
    },
    notPlanted: 'no',
    mislabelCell: (trueLabel) => ` (recorded at ${trueLabel}°)`,
    groundTruthHeading: 'Against the planted faults',
    groundTruthIntro: (planted, audited, outside, chance) =>
      `${planted} planted faults among the ${audited} audited recordings${outside !== '0' ? ` (${outside} more fell in the validation split and are not audited)` : ''}. Chance levels: precision ${chance}, AUROC 0.5.`,
    measureColumns: { measure: 'measure', value: 'value', definition: 'definition' },
    precisionAtK: (k) => `precision@k (k = ${k})`,
    precisionAtKDefinition: (p) => `planted among the k highest scores; hypergeometric p = ${p}`,
    averagePrecision: 'average precision',
    averagePrecisionDefinition: 'Σ (recall step × precision), highest score first',
    auroc: 'AUROC',
    aurocDefinition: 'P(planted scores above unplanted), ties ½',
    flaggedPlanted: 'flagged that are planted',
    flaggedPlantedValue: (planted, flagged) => `${planted} of ${flagged}`,
    flaggedPlantedDefinition: (p, level) => `one-sided hypergeometric p = ${p} (level ${level})`,
    kindColumns: { kind: 'fault kind', planted: 'planted', auroc: 'AUROC against unplanted' },
    figureAlt: 'Precision–recall of the data audit against the planted faults',
    figureTitle: (ap, planted) => `Data audit: precision–recall (AP ${ap}, ${planted} planted)`,
    figureRecall: 'recall (planted found)',
    figurePrecision: 'precision',
  },
  reportTitle: (runId) => `Experiment report: ${runId}`,
  partialBanner:
    '> **Partial report.** Parts of the run directory are missing or invalid; they were left out and every section below uses only what could be read:',
  problemKinds: {
    'missing-file': 'file missing or unreadable',
    'invalid-json': 'not valid JSON (NaN and Infinity are not JSON)',
    'invalid-field': 'invalid value',
    'missing-field': 'field missing',
    'epoch-mismatch': 'the epoch inside differs from the file name',
    'run-not-completed': 'the run did not complete; results cover the epochs that finished',
    'no-probes': 'no valid probe file, so there are no gradient analyses',
    'probe-missing':
      'this analysis epoch finished but has no valid probe, so its gradient analysis is missing from the report',
  },
  expectations: {
    'finite-number': 'a finite number',
    'positive-integer': 'a positive integer',
    'positive-number': 'a positive number',
    'interval-kind': 'two-sided or lower-bound',
    'null-high': 'null (a lower bound has no upper end)',
    'computation-path': 'exact or sketch',
    string: 'a string',
    object: 'an object',
    array: 'an array',
    boolean: 'true or false',
    'square-matrix': 'a square matrix with one row per batch',
    'points-2d': 'one point of two coordinates per batch',
    probability: 'a number between 0 and 1',
    'json-object': 'a JSON object',
    'run-status': 'one of running, completed, interrupted, failed',
  },
  problem: (where, what, expected, got) =>
    `${where}: ${what}${expected ? `; expected ${expected}` : ''}${got ? `, found ${got}` : ''}`,

  label: (text) => `**${text}:** `,
  metadataHeading: 'Metadata',
  runId: 'Run ID',
  timestamp: 'Timestamp',
  description: 'Description',
  status: 'Status',
  statuses: {
    running: 'running (the report covers what exists so far)',
    completed: 'completed',
    interrupted: 'interrupted',
    failed: 'failed',
    unknown: 'unknown',
  },
  lastCompletedEpoch: 'Last completed epoch',
  machine: 'Machine',
  backend: 'Backend',
  backendUsed: 'Backend used',
  runError: 'Error',
  splitSizes: (train, validation) =>
    `Split: ${train} training samples, ${validation} validation samples (stratified by angle).`,
  versions: 'Versions',
  notRecorded: 'not recorded',

  backgroundHeading: 'Background and motivation',
  background: [
    'How gradients behave shapes how a deep model is optimised. The gradient noise scale (GNS) measures how much the gradients of different batches disagree relative to the size of the true gradient; large disagreement may point at problem samples in the data or mark a particular phase of training.',
    'The consistency of batch gradients is tied to convergence and generalisation. This experiment follows the batch gradients of the audio ranking model at several points of training to understand its optimisation and to judge the quality of the data.',
  ],

  purposeHeading: 'Purpose and hypotheses',
  purposeLabel: 'Purpose:',
  purposes: (epochs) => [
    `Monitor the gradients of the ranking model at the analysed epochs (${epochs}).`,
    'Follow the gradient noise scale (GNS) over training.',
    'Look at the distribution of batch-gradient directions with t-SNE.',
    'Measure how consistent the batch-gradient directions are with their cosine-similarity matrix.',
  ],
  hypothesesLabel: 'Hypotheses:',
  hypotheses: [
    'The GNS decreases as training goes on, as the model converges.',
    'Gradient directions become more aligned later in training (mean pairwise cosine rises).',
    'Batches whose gradients clearly disagree with the others (outliers) point at problem samples in the data.',
  ],

  methodHeading: 'Method',
  datasetHeading: 'Dataset and preprocessing',
  modelHeading: 'Model',
  trainingHeading: 'Training and hyperparameters',
  configSectionMissing: (section) => `Not recorded in the run's configuration (\`${section}\`).`,
  analysisHeading: 'Gradient analysis',
  analysisProbe:
    'After the training steps of an analysed epoch, a probe draws N batches of B ranking pairs and takes each batch gradient (mean margin-ranking loss over the pairs, weight-decay term excluded) at the same, fixed weights.',
  analysisEstimator:
    'Gradient noise scale ([McCandlish et al. 2018, "An Empirical Model of Large-Batch Training", appendix A.1](https://arxiv.org/abs/1812.06162)): `B_simple = tr(Σ) / |G|²`, with Σ the per-pair gradient covariance and G the true gradient. It is measured in pairs: the batch size at which the noise of a batch gradient equals its signal.',
  analysisEstimatorParts:
    'The two parts come from unbiased estimates with two batch sizes, `B_small = B` and `B_big = N·B`: `|G|² ≈ (B_big·|G_big|² − B_small·|G_small|²) / (B_big − B_small)` and `tr(Σ) ≈ (|G_small|² − |G_big|²) / (1/B_small − 1/B_big)`, where `|G_small|²` is the mean squared norm of the batch gradients and `|G_big|²` the squared norm of their mean. `B_simple/D` divides by the parameter count D, the per-parameter figure the seed report tabulated. A negative part is reported as estimated, flagged, and left out of the trend. A negative `|G|²` means the batch gradients cancel more than their noise explains: the true gradient is too small to resolve from the N batches of this probe (noise dominates, B_simple is beyond what the probe can measure; more probe batches would resolve it).',
  analysisInterval:
    'The confidence interval of B_simple resamples the probe batches (the method and level are given with the table).',
  analysisOnline:
    'The online B_simple is the ratio of exponential moving averages of the same two parts, estimated from the gradients of the training steps of that epoch (moving weights), for comparison.',
  analysisCosine:
    'Cosine similarity of two batch gradients: `cos(gᵢ, gⱼ) = gᵢ·gⱼ / (|gᵢ| |gⱼ|)`; the matrix has one row and column per batch. Its mean over the off-diagonal entries measures how aligned the directions are.',
  analysisEmbedding:
    'The batch-gradient directions are embedded in two dimensions with t-SNE (method per epoch below); distances in the plot are only meaningful locally and the axes have no unit.',
  analysisOutliers:
    "Outlier batches: robust z-scores (median and MAD) of each batch's mean cosine to the others and of its gradient norm; a batch is flagged when a score exceeds the threshold in absolute value. Samples are ranked by the share of their probe batches that were flagged.",
  analysisTrend: (minBatches, level, minPoints) =>
    `Trends over epochs are least-squares slopes with a ${level}% Student-t interval; the interval uses the larger of the scatter about the line and the per-epoch confidence intervals. A trend needs at least ${minPoints} epochs with a value (for B_simple: a point estimate with a two-sided interval; epochs with only a lower bound are named and left out). A hypothesis is supported when the whole interval lies on the predicted side of zero, not supported when it does not (the interval contains zero or lies on the other side), and inconclusive with fewer epochs. Probes with fewer than ${minBatches} batches are too few to decide anything and are left out of the verdicts.`,
  resultsHeading: 'Results and analysis',
  gnsHeading: 'Gradient noise scale over training',
  gnsColumns: {
    epoch: 'Epoch',
    batches: 'Batches N',
    batchSize: 'B (pairs)',
    gradientNormSquared: '|G|² ((loss/param)²)',
    traceCovariance: 'tr(Σ) ((loss/param)²·pairs)',
    bSimple: 'B_simple (pairs)',
    bSimplePerParameter: 'B_simple/D',
    interval: (level) => `${level}% CI of B_simple (pairs)`,
    online: 'online B_simple (pairs)',
  },
  intervalMissing: 'none (see the notes below)',
  intervalLowerBound: (low) => `≥ ${low} (lower bound only)`,
  intervalNoteLine: (epoch, note) => `Epoch ${epoch}, interval: ${note}`,
  intervalPaths: (exact, sketch) =>
    `Inner products behind the intervals: ${[exact ? `exact (epoch ${exact})` : null, sketch ? `from random sketches of the gradients (epoch ${sketch})` : null].filter(Boolean).join('; ')}.`,
  negativeEstimate: 'negative estimate',
  gnsUndefined: (reason) => `undefined (${reason})`,
  gnsUndefinedShort: 'undefined',
  gnsFigureOmits: (epochs) =>
    `Epoch ${epochs}: no positive B_simple (undefined or a negative estimate, see the table), drawn as a grey cross on the bottom of the axis, not as a value.`,
  gnsFigureAxis: (level) =>
    `Logarithmic axis (B_simple spans decades); whiskers are the ${level}% intervals, cut at the bottom of the axis where their lower end is not positive.`,
  gnsFigureLowerBound: (epochs) =>
    `Epoch ${epochs}: only a lower bound (|G|² not distinguishable from 0), drawn as a whisker from the bound to the top of the axis ending in an upward arrow: nothing bounds B_simple above.`,
  gnsUndefinedLegacy: 'older probe file without a status',
  estimatorUsed: (estimator, method) =>
    `Estimator as recorded by the analysis: ${estimator}; interval: ${method}.`,
  probesMissing: (epochs) =>
    `**No gradient analysis for epoch ${epochs}:** the run completed ${epochs.includes(',') ? 'these analysis epochs' : 'this analysis epoch'}, but the probe file is missing or invalid (the reason is listed at the top). Every table, figure and conclusion below is without ${epochs.includes(',') ? 'them' : 'it'}.`,
  noProbes: 'No valid probe exists, so there are no gradient analyses to report.',
  gnsFigure: {
    title: 'Gradient noise scale B_simple per analysed epoch',
    x: 'epoch',
    y: 'B_simple (pairs)',
    series: 'estimate',
    probe: 'probe (fixed weights), with CI',
    online: 'online (training steps)',
    undefinedProbe: 'probe: no positive value (see caption)',
  },
  gnsAnalysis: '**Analysis:**',

  embeddingHeading: 't-SNE of the gradient directions',
  embeddingIntro:
    'Each point is one probe batch (labelled with its index); outlier batches are red. A batch whose gradient is exactly zero has no direction, so t-SNE cannot place it: such batches are grey crosses in a row of their own below the dashed line, where their position means nothing.',
  epochHeading: (epoch) => `Epoch ${epoch}`,
  embeddingMissing: (batches) => `No embedding: ${batches} batches are too few for t-SNE.`,
  embeddingFigure: {
    title: (epoch) => `t-SNE of batch-gradient directions, epoch ${epoch}`,
    x: 't-SNE 1 (no unit)',
    y: 't-SNE 2 (no unit)',
    kind: 'batch',
    normal: 'typical',
    outlier: 'outlier',
    zero: 'zero gradient, set apart below the line',
  },
  embeddingAnalysis: ({ batches, method, kl, outliers }) =>
    `**Analysis:** ${batches} batch-gradient directions embedded with ${method} (final KL divergence ${kl}, in nats). ${outliers}`,

  similarityHeading: 'Cosine similarity of the batch gradients',
  similarityIntro: (maxNumbered) =>
    `Rows and columns are probe batches; the diagonal (a batch with itself, always \`1\`) is left blank. The colours span the range of the cosines of that epoch (stated under each figure and in its legend): red–white–blue centred on \`0\` when the range includes \`0\`, one hue otherwise. Colours are therefore not comparable between epochs; up to ${maxNumbered} batches each cell also prints its cosine.`,
  similarityColourRange: (low, high) => `Colour range of this figure: ${low} to ${high}.`,
  similarityFigure: {
    title: (epoch) => `Cosine similarity of batch gradients, epoch ${epoch}`,
    x: 'batch index',
    y: 'batch index',
    color: 'cosine',
    colourRange: (low, high) => `colour range ${low} to ${high} (this epoch's cosines)`,
    undefinedCell: 'undefined (zero gradient)',
  },
  similarityAnalysis: ({ mean, min, negative, change, previousEpoch, outliers }) =>
    `**Analysis:** mean off-diagonal cosine ${mean}, lowest ${min}; a fraction ${negative} of the pairs point in opposing directions (negative cosine).${change !== null && previousEpoch !== null ? ` The mean changed by ${change} since epoch ${previousEpoch}.` : ''} ${outliers}`,
  sketchedCosines: (bound) =>
    `These cosines were estimated from random sketches of the gradients (too large to keep exactly); each is within ±${bound} of the exact value with high probability.`,
  similarityOneBatch: '**Analysis:** a single batch has no pairs to compare.',
  similarityUndefined: (zeroBatches, batches) =>
    `**Analysis:** ${zeroBatches} of ${batches} batch gradients are exactly zero (e.g. every pair beyond the margin); a zero vector has no direction, so no cosine is defined at this epoch.`,
  similarityZeroBatches: (batchList) =>
    `Batch ${batchList}: gradient exactly zero, so its cosines are undefined (grey in the figure) and left out of the numbers above.`,
  outlierList: (batches) => `Outlier batches: ${batches}.`,
  noOutliers: 'No batch is flagged as an outlier.',
  outlierBatch: (index, similarityZ, normZ) =>
    `batch ${index} (cosine z ${similarityZ}, norm z ${normZ})`,

  lossHeading: 'Loss over training',
  lossFigure: {
    title: 'Mean margin-ranking loss per epoch',
    x: 'epoch',
    y: 'loss (mean per pair)',
    series: 'split',
    train: 'training',
    validation: 'validation',
  },
  lossAnalysis: ({ firstEpoch, lastEpoch, firstLoss, lastLoss, validation, accuracy, spearman }) =>
    `**Analysis:** the training loss went from ${firstLoss} (epoch ${firstEpoch}) to ${lastLoss} (epoch ${lastEpoch}).${validation !== null ? ` Validation loss at the last epoch: ${validation}.` : ''}${accuracy !== null ? ` Pairwise accuracy: ${accuracy} (fraction of validation pairs ordered correctly).` : ''}${spearman !== null ? ` Spearman rank correlation of scores with angle: ${spearman}.` : ''}`,
  lossMissing: 'No epoch metrics were found, so there is no loss curve.',

  conclusionsHeading: 'Conclusions and future work',
  conclusionsSubheading: 'Conclusions',
  verdicts: verdictWord,
  hypothesisLine: (n, statement, verdict, reasoning) =>
    `${n}. **${statement}** — **${verdict}.** ${reasoning}`,
  tooFewProbes: (usable, needed) =>
    `Too few data to decide: ${usable} usable analysed epochs, at least ${needed} are needed for a trend.`,
  tooFewBatches: (epochs, minBatches) =>
    `Epochs ${epochs} have fewer than ${minBatches} probe batches, too few to conclude anything from; they are left out of the verdicts.`,
  trendReasoning: ({ quantity, slope, low, high, level, epochs, direction }) =>
    `Test: least-squares slope of ${quantity} over epochs ${epochs}: ${slope} per epoch (${level}% interval ${low} to ${high}); ${
      direction === 'decreasing'
        ? 'the whole interval is below zero: it decreases'
        : direction === 'increasing'
          ? 'the whole interval is above zero: it increases'
          : 'the interval contains zero, so the data show no trend either way'
    }.`,
  gnsQuantity: 'B_simple (pairs)',
  alignmentQuantity: 'the mean off-diagonal cosine',
  undefinedExcluded: (epochs, reasons) =>
    `Epoch ${epochs} left out: B_simple is undefined there (${reasons}).`,
  negativeExcluded: (epochs) =>
    `Epochs ${epochs} were left out: a part of the estimate was negative.`,
  oneSidedExcluded: (epochs) =>
    `Epoch ${epochs} left out: B_simple has only a lower bound (or no interval) there, no value to put on a trend.`,
  outliersNotTested:
    'Nothing in this run could decide it: a flagged batch is not a problem sample (on clean data batches are flagged too: by chance, or because all their pairs are within the margin and their gradient norm is large). What would test it: ground truth, i.e. a run on data with planted faults (`planted.json` in the run directory, written by the data audit), or a detector validated on such data; the report then tests whether flagged batches hold the planted samples more often than chance.',
  outliersNoSampleIds:
    'The probes recorded no sample ids, so the flagged batches cannot be compared with the planted faults.',
  outliersNoPlantedInProbes:
    'None of the planted faulty samples appears in a probe batch, so the probes cannot show whether flagged batches point at them.',
  outliersTest: ({ population, planted, flagged, plantedFlagged, pValue, alpha, enriched }) =>
    `Test against the planted faults: of ${population} samples in the probe batches, ${planted} are planted faults; the flagged batches hold ${flagged} samples, ${plantedFlagged} of them planted. One-sided hypergeometric test (flagged batches enriched in planted samples): p = ${pValue}, ${enriched ? `below ${alpha}: the outliers point at the planted samples more often than chance.` : `not below ${alpha}: no more than chance would give.`}`,
  outliersFlagged: (list, samples) =>
    `Flagged batches: ${list}.${samples ? ` Samples most involved, per probe (score = share of the sample's batches in that probe that were flagged): ${samples}.` : ''}`,
  outliersNoneFlagged: (threshold, epochs) =>
    `No batch exceeded the robust z threshold ${threshold} in epochs ${epochs}.`,
  outliersTooFew: 'No probe has enough batches to look for outliers: too few data to decide.',
  outlierItem: (epoch, index) => `epoch ${epoch} batch ${index}`,
  sampleItem: (id, score) => `${id} (score ${score})`,
  samplesOfEpoch: (epoch, items) => `epoch ${epoch}: ${items}`,
  batchSizeHeading: 'Batch size',
  batchSizeAdvice: (
    advice,
    { epoch, batchSize, bNoise, level, low, high, fraction, pairsPerEpoch, upTo, cappedByData },
  ) => {
    const interval = high === null ? `B_simple ≥ ${low}` : `${low} to ${high}`;
    const reading = `At epoch ${epoch}, \`B_noise ≈ B_simple\` = ${bNoise} pairs (${level}% interval ${interval}) against a batch size of ${batchSize} pairs${fraction !== null ? `; with a tuned learning rate a step reaches a fraction ${fraction} of the progress of a noise-free step (\`1/(1 + B_noise/B)\`, [McCandlish et al. 2018, eq. 2.7](https://arxiv.org/abs/1812.06162))` : ''}.`;
    const limit =
      pairsPerEpoch !== null
        ? ` An epoch has ${pairsPerEpoch} pairs, the largest batch the data allow.`
        : ' The number of pairs per epoch is not recorded, so the largest batch the data allow is unknown.';
    if (advice === 'increase') {
      return `${reading} The interval lies above the batch size: larger batches could make each step more useful, ${high === null ? 'at least' : 'about'} up to ${upTo} pairs${cappedByData ? ', all pairs of an epoch (the noise scale is beyond what the data allow)' : ''}.${limit}`;
    }
    if (advice === 'decrease') {
      return `${reading} The interval lies below the batch size: smaller batches, down to about ${bNoise} pairs, would use each pair more efficiently for nearly the same progress per step.`;
    }
    if (advice === 'at-data-limit') {
      return `${reading} The interval lies above the batch size, but a batch already holds every pair of an epoch: the data allow no larger batch.`;
    }
    return `${reading} The interval contains the batch size, so the data do not tell whether another batch size would be better: no advice.`;
  },
  batchSizeUnknown: 'No usable noise-scale estimate, so no batch-size suggestion.',
  futureHeading: 'Future work',
  futureMoreData:
    'Analyse more epochs and more probe batches per epoch, so that every hypothesis can be decided.',
  futurePlanted:
    'Run the data audit with planted faults (it writes `planted.json`) so that the outlier hypothesis can be tested.',
  futureOutliers: 'Listen to and re-check the samples named above before the next training run.',
  futureStatic: [
    'Compare the gradient behaviour across the recorded frequencies and materials.',
    'Try several batch sizes and check the batch-size suggestion against measured training speed.',
    'Use the noise scale to schedule the learning rate or the batch size during training.',
  ],
};
