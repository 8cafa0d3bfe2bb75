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
        height={Math.max(3, height - 5)} // title, axis, and two lines for the validation text
      />
      {last ? (
        <Text wrap="wrap">
          Spearman ρ {formatNumber(last.spearman, 3)} · pairwise accuracy{' '}
          {formatNumber(100 * last.pairwiseAccuracy, 3)}% · loss {formatNumber(last.validationLoss)}{' '}
          <Text dimColor>(validation, epoch {last.epoch})</Text>
        </Text>
      ) : (
        <Text dimColor>validation: after the first epoch</Text>
      )}
    </Box>
  );
}
