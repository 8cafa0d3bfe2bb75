import { Box, Text } from 'ink';
import { scatterPlot } from '../scatter.js';

interface Props {
  points: readonly (readonly [number, number])[];
  flagged: ReadonlySet<number>; // outlier batch indices, drawn as 'x'
  width: number;
  height: number;
  method: string;
  epoch: number;
}

/** The t-SNE of batch-gradient directions: digits/letters are batch indices (base 36), x = outlier. */
export function Scatter({ points, flagged, width, height, method, epoch }: Props) {
  const rows = scatterPlot(points, width, height, (i) => (flagged.has(i) ? 'x' : i.toString(36)));
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        t-SNE of gradient directions, epoch {epoch} <Text dimColor>({method})</Text>
      </Text>
      <Box borderStyle="single" borderDimColor flexDirection="column" width={width + 2}>
        {rows.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
          <Text key={i}>{row}</Text>
        ))}
      </Box>
      <Text dimColor wrap="truncate-end">
        labels: batch index in base 36 · x flagged outlier · digit in a crowded cell = count
      </Text>
    </Box>
  );
}
