import { Box, Text } from 'ink';
import { formatNumber } from '../format.js';
import { lineChart } from '../lineChart.js';

interface Props {
  batchLosses: readonly number[];
  epochMeans: readonly number[]; // mean training loss of each finished epoch
  batchesPerEpoch: number;
  width: number;
  height: number;
}

/**
 * Training loss over steps: '·' per batch, '●' the epoch mean placed at the epoch's last step.
 * The y labels are the plotted range (margin-ranking loss, no unit).
 */
export function LossChart({ batchLosses, epochMeans, batchesPerEpoch, width, height }: Props) {
  const label = 9;
  const plotWidth = Math.max(8, width - label - 1);
  const means = new Array<number>(batchLosses.length).fill(Number.NaN);
  epochMeans.forEach((loss, e) => {
    const at = Math.min(batchLosses.length - 1, (e + 1) * batchesPerEpoch - 1);
    if (at >= 0) means[at] = loss;
  });
  const chart = lineChart(
    [
      { values: batchLosses, glyph: '·' },
      { values: means, glyph: '●' },
    ],
    plotWidth,
    height,
  );
  return (
    <Box flexDirection="column">
      <Text bold>
        training loss (margin ranking) <Text dimColor>· per batch</Text> <Text>● epoch mean</Text>
      </Text>
      {chart.rows.map((row, i) => {
        const y = Number.isNaN(chart.max) // no loss yet: no y labels
          ? ''
          : i === 0
            ? formatNumber(chart.max, 3)
            : i === chart.rows.length - 1
              ? formatNumber(chart.min, 3)
              : '';
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
          <Text key={i}>
            <Text dimColor>{y.padStart(label)}│</Text>
            {row}
          </Text>
        );
      })}
      <Text dimColor>
        {' '.repeat(label)}└ steps 1…{batchLosses.length}
      </Text>
    </Box>
  );
}
