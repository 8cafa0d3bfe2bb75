import type { SimilaritySummary } from '@ranker/grad-analysis';
import { formatBSimple } from '@ranker/report';
import { Box, Text } from 'ink';
import { formatNumber } from '../format.js';
import { formatGns, formatInterval, NEGATIVE_GNS_MEANING } from '../formatGns.js';
import type { ProbePoint } from '../runState.js';
import { Heatmap } from './Heatmap.js';
import { Sparkline } from './Sparkline.js';

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
  const training = latest.training;
  const fixedRows = 9; // the text lines around the heatmap (some wrap at 80 columns)
  const heatmapRows = height - fixedRows - 1; // less its title
  return (
    <Box flexDirection="column" width={width}>
      <Sparkline
        label="GNS B_simple per probe"
        // An undefined B_simple is a gap in the sparkline (non-finite points are skipped).
        values={probes.map((p) => p.analysis.noiseScale.bSimple ?? Number.NaN)}
        unit="pairs"
      />
      <Text wrap="wrap">
        <Text color={gns.status === 'ok' ? undefined : 'red'}>{formatGns(gns)}</Text> · per
        parameter {formatNumber(gns.bSimplePerParameter)}{' '}
        <Text dimColor>(B_simple = tr(Σ)/|G|², probe after epoch {latest.epoch})</Text>
      </Text>
      {gns.interval ? (
        <Text wrap="wrap">{formatInterval(gns.interval, gns.intervalNote)}</Text>
      ) : gns.intervalNote ? (
        <Text dimColor wrap="wrap">
          {gns.intervalNote}
        </Text>
      ) : null}
      <Text dimColor wrap="wrap">
        |G|² {formatNumber(gns.gradientNormSquared)} (loss/param)² · tr(Σ){' '}
        {formatNumber(gns.traceCovariance)} (loss/param)²·pairs · B_small{' '}
        {formatNumber(gns.batchSmall)}, B_big {formatNumber(gns.batchBig)} pairs
      </Text>
      {training ? (
        <Text wrap="wrap">
          training-time{' '}
          {training.bSimple === null
            ? `undefined (${training.undefinedReason})`
            : `${formatBSimple(training.bSimple)} pairs${training.bSimple < 0 ? ` (${NEGATIVE_GNS_MEANING})` : ''}`}{' '}
          <Text dimColor>(moving weights, EMA β={training.beta})</Text>
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
      ) : (
        <Text dimColor>(enlarge the terminal for the similarity heatmap)</Text>
      )}
      <Text dimColor wrap="truncate-end">
        {similarityLine(latest.analysis.similarity)}
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
