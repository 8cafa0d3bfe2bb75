import { Box, Text } from 'ink';
import { SCATTER_MARKS, scatterPlot } from '../scatter.js';

interface Props {
  points: readonly (readonly [number, number])[];
  flagged: ReadonlySet<number>; // outlier batch indices
  zero: ReadonlySet<number>; // zero-gradient batches: no direction, listed under the plot
  width: number; // plot columns
  height: number; // plot rows
  maxWidth: number; // the panel's width, for the title and legend
  method: string;
  epoch: number;
}

const list = (indices: ReadonlySet<number>) => [...indices].sort((a, b) => a - b).join(', ');

/** The t-SNE of batch-gradient directions with a legend of its marks. */
export function Scatter({ points, flagged, zero, width, height, maxWidth, method, epoch }: Props) {
  const rows = scatterPlot(points, width, height, flagged, zero);
  const { point, outlier } = SCATTER_MARKS;
  return (
    <Box flexDirection="column" width={maxWidth}>
      <Text bold wrap="truncate-end">
        t-SNE of gradient directions, epoch {epoch} <Text dimColor>({method})</Text>
      </Text>
      <Box borderStyle="single" borderDimColor flexDirection="column" width={width + 2}>
        {rows.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
          <Text key={i}>{row}</Text>
        ))}
      </Box>
      <Text wrap="wrap">
        {point} one batch · 2-9, + batches sharing a cell · {outlier} outlier
        {flagged.size > 0 ? ` (batches ${list(flagged)})` : ' (none)'}
      </Text>
      {zero.size > 0 ? (
        <Text wrap="wrap">not drawn, zero gradient (no direction): batches {list(zero)}</Text>
      ) : null}
    </Box>
  );
}
