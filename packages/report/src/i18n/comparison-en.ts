import type { ComparisonMessages } from './comparison-messages.js';

const quantityWords = {
  bSimple: { noun: 'B_simple', better: 'lower', meaning: 'more consistent gradients' },
  meanCosine: { noun: 'mean cosine', better: 'higher', meaning: 'more consistent gradients' },
  spearman: { noun: 'Spearman ρ', better: 'higher', meaning: 'better ranking' },
} as const;

export const comparisonEn: ComparisonMessages = {
  title: (sweepId) => `Sweep comparison: ${sweepId}`,
  partialBanner:
    '> **Partial report.** Some cells are invalid, failed or were interrupted; they are left out of every statistic below:',
  problemDuplicate: (cellId, indices) =>
    `${cellId}: the same cellId appears at cells[${indices}]; all of them are left out`,
  problemNotIncreasing: (where) =>
    `${where}: does not increase over the previous epoch; expected epochs ascending and steps/examples counted cumulatively from the start of the run`,
  problemBatchSizeMismatch: (where, parameter, batchSize) =>
    `${where}: parameters.batch-size is ${parameter} but batchSize is ${batchSize}; expected the same value`,
  problemNoEpochs: (where) =>
    `${where}: status completed but no epochs; expected at least one completed epoch`,
  problemNotCompleted: (cellId, status) =>
    `${cellId}: the run ${status === 'failed' ? 'failed' : 'was interrupted'}; it is left out of the statistics`,
  problemNoUsableCells: 'no completed valid cell: there is nothing to compare',

  label: (text) => `**${text}:** `,
  sweepId: 'Sweep ID',
  createdAt: 'Created',
  cells: 'Cells',
  cellCounts: (total, completed) =>
    `${total} in the input, ${completed} completed and valid (used below)`,
  spec: 'Specification',
  notRecorded: 'not recorded',
  statisticsNote:
    'Each condition is one combination of grid values; its runs differ only in the seed. "mean ± sd (n = k)" is the mean over the k runs with the sample standard deviation (n − 1 denominator); with n = 1 there is no sd. A "—" means no run of the condition had the value (e.g. Spearman ρ undefined for constant scores, or B_simple undefined).',

  perConditionHeading: 'Per condition',
  perConditionIntro:
    'Final values of each run: the validation Spearman ρ (score vs. angle), the validation pairwise accuracy (fraction of pairs of different angles ordered correctly) and the validation margin-ranking loss at the last completed epoch; B_simple (examples, i.e. pairs) and the mean off-diagonal cosine between batch gradients at the last probe.',
  columns: {
    condition: 'Condition',
    runs: 'Runs',
    spearman: 'Spearman ρ',
    accuracy: 'Pairwise accuracy',
    loss: 'Validation loss',
    bSimple: 'B_simple (pairs)',
    cosine: 'Mean cosine',
  },
  summary: (mean, sd, n) =>
    sd === null ? `${mean} (n = ${n}, no sd)` : `${mean} ± ${sd} (n = ${n})`,
  none: '—',
  figureTitle: 'B_simple over epochs, every run, by condition',
  figureX: 'Epoch (runs of a condition side by side)',
  figureY: 'B_simple (pairs, log scale)',
  figureSeries: 'Condition',
  figureCaption:
    'Each line is one run. Solid bars: two-sided intervals of the probe. Dashed bars ending in a triangle at the top edge: one-sided intervals (B_simple ≥ the lower bound, unbounded above, because |G|² is not bounded away from 0). Crosses on the bottom edge: probes where B_simple is undefined or not positive (a log axis cannot show them); they are listed below.',
  intervalMethods: (methods) => `Intervals as recorded by the probes: ${methods}.`,
  probeUndefined: (cellId, epoch, reason) =>
    `${cellId}, epoch ${epoch}: B_simple undefined${reason ? ` (${reason})` : ''}.`,
  probeNonPositive: (cellId, epoch, value) =>
    `${cellId}, epoch ${epoch}: B_simple = ${value} ≤ 0 (a part of the estimate is negative; not on the log axis).`,
  notesHeading: 'The conditions as generated',
  noteMissing: 'no physical description recorded (not the synthetic generator)',

  batchSizeHeading: 'Batch size',
  targetStatement: (threshold) =>
    `**Training target:** the first epoch whose validation pairwise accuracy is ≥ ${threshold}. Steps and examples (pairs) are counted from the start of the run to the end of that epoch, so they are upper bounds at epoch resolution. Runs that never reach it are censored: listed with what they ran, not dropped, and not points of the fit (their steps are only a lower bound).`,
  groupHeading: (parameters) => `Other parameters: ${parameters}`,
  batchColumns: {
    batchSize: 'Batch size B (pairs)',
    runs: 'Runs',
    reached: 'Reached the target',
    steps: 'Steps S to target',
    examples: 'Examples E to target (pairs)',
    bSimple: 'B_simple up to target (pairs)',
  },
  censored: (cellId, epochs, steps, examples) =>
    `${cellId}: target not reached in ${epochs} epochs (censored: S > ${steps} steps, E > ${examples} pairs).`,
  fitMethod:
    "Fit: McCandlish et al. 2018, §2.3, eq. 2.11, (S/S_min − 1)(E/E_min − 1) = 1 with E = B·S, which with B_crit = E_min/S_min is S = S_min + E_min/B. S_min (steps) and E_min (pairs) by ordinary least squares of S on 1/B over the runs that reached the target; the interval of B_crit is Fieller's for a ratio of regression coefficients (Student t, n − 2 degrees of freedom; assumes normal errors of constant variance in S). B_simple beside it is, per run, the mean of its defined probe estimates up to the target epoch (all probes if censored), then the mean over the runs.",
  fitOk: (bCrit, low, high, level, sMin, sMinSe, eMin, eMinSe, runs) =>
    `B_crit = E_min/S_min = ${bCrit} pairs per step, ${level}% interval ${low} – ${high} (S_min = ${sMin} ± ${sMinSe} steps, E_min = ${eMin} ± ${eMinSe} pairs, ± standard error; ${runs} runs).`,
  fitUndefined: (reason) => `B_crit: the data cannot tell (${reason}).`,
  noiseScaleVerdict: {
    'cannot-tell': () =>
      'Does the noise scale predict the critical batch here? The data cannot tell: there is no B_crit to compare with.',
    'no-b-simple': () =>
      'Does the noise scale predict the critical batch here? Cannot tell: no run of this group has a defined B_simple.',
    inside: (bSimple, ratio) =>
      `Does the noise scale predict the critical batch here? Consistent: the measured B_simple ${bSimple} pairs lies inside the interval of B_crit (B_crit/B_simple = ${ratio}); the data do not contradict B_simple ≈ B_crit.`,
    outside: (bSimple, ratio) =>
      `Does the noise scale predict the critical batch here? No: the measured B_simple ${bSimple} pairs lies outside the interval of B_crit (B_crit/B_simple = ${ratio}).`,
  },
  sameTargetEpoch: (epoch) =>
    `Every run that reached the target did so in epoch ${epoch}. The target is checked once per epoch, so their examples E are all ${epoch} epoch(s) of pairs and the steps look like S ∝ 1/B whatever the true trade-off: at this resolution the batch sizes cannot be told apart (more epochs with a slower learning rate, or a stricter target, would separate them).`,
  wideInterval: (ratio) =>
    `The interval of B_crit spans more than a factor ${ratio}: agreement with B_simple says little.`,

  factorHeading: 'Frequency and material',
  factorIntro: (level) =>
    `Conditions that differ in one factor only (all other grid values equal) are compared on per-run values: B_simple and the mean cosine at the last probe (lower B_simple and higher mean cosine mean more consistent gradients), and the final validation Spearman ρ (higher is better ranking). Test: Welch's unequal-variance t-test over seeds, two-sided at ${level}% (|t| above the Student t critical value for the Welch–Satterthwaite degrees of freedom); each comparison on its own, with no correction for multiple comparisons. A difference is called only when the test supports it; otherwise "cannot tell".`,
  noFactors:
    'The sweep does not vary frequency or material (fewer than two values among the completed cells): nothing to compare.',
  factorSubheading: (factor) => `By ${factor}`,
  factorColumns: {
    fixed: 'Other parameters',
    quantity: 'Quantity',
    a: (level) => level,
    b: (level) => level,
    test: 'Welch t (df; critical)',
    verdict: 'Verdict',
  },
  quantities: { bSimple: 'B_simple (pairs)', meanCosine: 'Mean cosine', spearman: 'Spearman ρ' },
  welch: (t, df, critical) => `t = ${t} (df ${df}; ${critical})`,
  noTest: 'no test',
  differenceVerdict: (quantity, verdict, higher, reason) => {
    const w = quantityWords[quantity];
    if (verdict === 'cannot-tell') {
      const why = {
        'too-few-seeds': 'fewer than 2 runs on a side',
        'no-spread': 'no spread between runs',
        'not-significant': 'the difference is within the noise between seeds',
      }[reason ?? 'not-significant'];
      return `cannot tell (${why})`;
    }
    return `${higher} has the higher ${w.noun}${w.better === 'higher' ? ` (${w.meaning})` : ` (the other: ${w.meaning})`}`;
  },
  physicalHeading: (factor) =>
    `Physical differences between the conditions (${factor}), from the generator:`,
};
