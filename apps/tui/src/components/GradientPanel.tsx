import type { SimilaritySummary } from '@ranker/grad-analysis';
import { formatBSimple } from '@ranker/report';
import { Box, Text } from 'ink';
import { formatNumber } from '../format.js';
import { formatGns, formatInterval, NEGATIVE_GNS_MEANING } from '../formatGns.js';
import type { ProbePoint } from '../runState.js';
import { wrappedRows } from '../wrappedRows.js';
import { Heatmap } from './Heatmap.js';
import { Sparkline, sparklineText } from './Sparkline.js';

interface Props {
  probes: readonly ProbePoint[];
  width: number;
  height: number;
}

/** GNS over the probes so far (with the latest estimate's parts) and the latest cosine heatmap. */
export function GradientPanel({ probes, width, height }: Props) {
  const latest = probes.at(-1);
  if (!latest)
    return <Text dimColor>no probe yet: the first runs after its epoch's training steps</Text>;
  const gns = latest.analysis.noiseScale;
  // An undefined B_simple is a gap in the sparkline (non-finite points are skipped).
  const spark = {
    label: 'GNS B_simple per probe',
    values: probes.map((p) => p.analysis.noiseScale.bSimple ?? Number.NaN),
    unit: 'pairs',
  };
  const training = latest.training;
  const value = formatGns(gns);
  const perParameter = `per parameter ${formatNumber(gns.bSimplePerParameter)}`;
  const definition = `(B_simple = tr(Σ)/|G|², probe after epoch ${latest.epoch})`;
  const interval = gns.interval
    ? formatInterval(gns.interval, gns.intervalNote)
    : (gns.intervalNote ?? null);
  const parts = `|G|² ${formatNumber(gns.gradientNormSquared)} (loss/param)² · tr(Σ) ${formatNumber(gns.traceCovariance)} (loss/param)²·pairs · B_small ${formatNumber(gns.batchSmall)}, B_big ${formatNumber(gns.batchBig)} pairs`;
  const trainingValue =
    training === null
      ? null
      : training.bSimple === null
        ? `undefined (${training.undefinedReason})`
        : `${formatBSimple(training.bSimple)} pairs${training.bSimple < 0 ? ` (${NEGATIVE_GNS_MEANING})` : ''}`;
  const trainingNote = training === null ? '' : `(moving weights, EMA β=${training.beta})`;
  const similarity = similarityLine(latest.analysis.similarity);
  // The heatmap gets the rows the wrapped texts leave (a one-sided note takes 3 rows at 80
  // columns); the estimator takes one row (cut: it only names the method), the heatmap's title
  // one more.
  const textRows =
    1 +
    [
      similarity,
      sparklineText(spark),
      `${value} · ${perParameter} ${definition}`,
      interval,
      parts,
      trainingValue === null ? null : `training-time ${trainingValue} ${trainingNote}`,
    ].reduce((sum, text) => sum + (text === null ? 0 : wrappedRows(text, width)), 0);
  const heatmapRows = height - textRows - 1;
  return (
    <Box flexDirection="column" width={width}>
      <Sparkline {...spark} />
      <Text wrap="wrap">
        <Text color={gns.status === 'ok' ? undefined : 'red'}>{value}</Text> · {perParameter}{' '}
        <Text dimColor>{definition}</Text>
      </Text>
      {interval !== null ? (
        <Text dimColor={gns.interval === null} wrap="wrap">
          {interval}
        </Text>
      ) : null}
      <Text dimColor wrap="wrap">
        {parts}
      </Text>
      {trainingValue !== null ? (
        <Text wrap="wrap">
          training-time {trainingValue} <Text dimColor>{trainingNote}</Text>
        </Text>
      ) : null}
      <Text dimColor wrap="truncate-end">
        estimator: {gns.estimator}
      </Text>
      {heatmapRows >= 4 ? (
        <Heatmap
          matrix={latest.analysis.similarity.matrix}
          maxColumns={Math.max(8, width - 26)}
          maxRows={heatmapRows}
        />
      ) : heatmapRows >= 0 ? (
        <Text dimColor>(enlarge the terminal for the similarity heatmap)</Text>
      ) : null}
      <Text dimColor wrap="wrap">
        {similarity}
      </Text>
    </Box>
  );
}

/** The summaries over the defined cosines, naming zero-gradient batches (their cosines are undefined). */
function similarityLine(s: SimilaritySummary): string {
  const zero = s.undefinedBatches ?? [];
  // A few are named; many would be cut at the panel's edge, so then only their count is given.
  const left =
    zero.length === 0
      ? ''
      : zero.length <= 3
        ? ` · batch ${zero.join(', ')}: zero gradient, cosines undefined`
        : ` · ${zero.length} zero-gradient batches, cosines undefined (listed in the report)`;
  if (s.meanOffDiagonal === null || s.fractionNegative === null) {
    return `no cosine defined (${s.undefinedReason ?? 'fewer than 2 non-zero batch gradients'})`;
  }
  return `mean off-diagonal cosine ${formatNumber(s.meanOffDiagonal)} · negative ${formatNumber(100 * s.fractionNegative, 3)}% (${s.path})${left}`;
}
