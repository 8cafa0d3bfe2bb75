import { Box, Text } from 'ink';
import { cosineBin, scaleLegend, UNDEFINED_BIN, UNDEFINED_LEGEND } from '../heatmapScale.js';

interface Props {
  matrix: readonly (readonly (number | null)[])[]; // null: undefined cosine (zero gradient)
  maxColumns: number; // room for the cells
  maxRows?: number; // room for the cell rows (the title takes one more)
  title?: string;
}

/**
 * The N×N batch-gradient cosine-similarity matrix, two characters per cell when there is room
 * (square-looking cells), with the fixed scale beside it; the legend names the undefined glyph
 * when the matrix has an undefined cosine.
 */
export function Heatmap({
  matrix,
  maxColumns,
  maxRows = Number.POSITIVE_INFINITY,
  title = 'cosine similarity of batch gradients',
}: Props) {
  const n = matrix.length;
  const cellWidth = n * 2 <= maxColumns ? 2 : 1;
  const shown = Math.min(n, Math.floor(maxColumns / cellWidth), maxRows);
  const hasUndefined = matrix.some((row) => row.some((c) => c === null || Number.isNaN(c)));
  const legend = scaleLegend().reverse();
  if (hasUndefined) legend.push({ ...UNDEFINED_BIN, range: UNDEFINED_LEGEND });
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">
        {title} ({n}×{n}
        {shown < n ? `, first ${shown} shown` : ''})
      </Text>
      <Box>
        <Box flexDirection="column" marginRight={2}>
          {matrix.slice(0, shown).map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
            <Text key={i}>
              {row.slice(0, shown).map((value, j) => {
                const bin = cosineBin(value);
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                  <Text key={j} color={bin.color}>
                    {bin.glyph.repeat(cellWidth)}
                  </Text>
                );
              })}
            </Text>
          ))}
        </Box>
        <Box flexDirection="column">
          {legendRows(legend, Math.max(shown, Math.min(legend.length, maxRows))).map((row) => (
            <Text key={row[0].range}>
              {row.map((entry, k) => (
                <Text key={entry.range}>
                  {k > 0 ? '  ' : ''}
                  <Text color={entry.color}>{entry.glyph.repeat(2)}</Text> {entry.range}
                </Text>
              ))}
            </Text>
          ))}
        </Box>
      </Box>
    </Box>
  );
}

type LegendEntry = { glyph: string; color: string; range: string };

/** The legend in at most `rows` rows (several entries a row when the heatmap is short), in order. */
function legendRows(legend: LegendEntry[], rows: number): LegendEntry[][] {
  const perRow = Math.ceil(legend.length / Math.max(1, rows));
  return Array.from({ length: Math.ceil(legend.length / perRow) }, (_, r) =>
    legend.slice(r * perRow, (r + 1) * perRow),
  );
}
