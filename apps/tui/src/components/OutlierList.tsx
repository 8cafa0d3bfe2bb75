import type { OutlierReport } from '@ranker/grad-analysis';
import { Box, Text } from 'ink';
import { formatNumber } from '../format.js';

interface Props {
  outliers: OutlierReport;
  epoch: number;
  maxRows: number;
}

/** Flagged batches (robust z-scores, median/MAD) and the samples they share. */
export function OutlierList({ outliers, epoch, maxRows }: Props) {
  const half = Math.max(1, Math.floor(maxRows / 2));
  return (
    <Box flexDirection="column">
      <Text bold>
        outliers at epoch {epoch}{' '}
        <Text dimColor>(|robust z| &gt; {formatNumber(outliers.threshold)})</Text>
      </Text>
      {outliers.batches.length === 0 ? (
        <Text color="green">no batch flagged</Text>
      ) : (
        outliers.batches.slice(0, half).map((b) => (
          <Text key={b.index} wrap="truncate-end">
            <Text color="red">batch {b.index}</Text> similarity z {formatNumber(b.similarityZ, 3)} ·
            norm z {formatNumber(b.normZ, 3)} · {b.reasons.join('; ')}
          </Text>
        ))
      )}
      {outliers.samples.slice(0, half).map((s) => (
        <Text key={s.sampleId} wrap="truncate-end">
          sample {s.sampleId}: in {s.flaggedBatches} flagged / {s.cleanBatches} clean batches
          (flagged: {s.batches.join(', ')})
        </Text>
      ))}
    </Box>
  );
}
