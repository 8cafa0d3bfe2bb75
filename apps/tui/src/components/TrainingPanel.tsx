import { Box, Text } from 'ink';
import { formatNumber } from '../format.js';
import type { RunState } from '../runState.js';
import { LossChart } from './LossChart.js';

interface Props {
  state: RunState;
  width: number;
  height: number;
}

/** Loss chart and the latest validation metrics. */
export function TrainingPanel({ state, width, height }: Props) {
  const last = state.epochs.at(-1);
  return (
    <Box flexDirection="column" width={width}>
      <LossChart
        batchLosses={state.batchLosses}
        epochMeans={state.epochs.map((e) => e.trainLoss)}
        batchesPerEpoch={state.started?.batchesPerEpoch ?? 1}
        width={width}
        height={Math.max(3, height - 4)}
      />
      {last ? (
        <Text wrap="truncate-end">
          validation after epoch {last.epoch}: loss {formatNumber(last.validationLoss)} · pairwise
          accuracy {formatNumber(100 * last.pairwiseAccuracy, 3)}% · Spearman ρ{' '}
          {formatNumber(last.spearman, 3)}
        </Text>
      ) : (
        <Text dimColor>validation: after the first epoch</Text>
      )}
    </Box>
  );
}
