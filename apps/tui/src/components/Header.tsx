import { Box, Text } from 'ink';
import { type RunState, totalSteps } from '../runState.js';
import { ProgressBar } from './ProgressBar.js';

interface Props {
  state: RunState;
  nowMs: number;
  width: number;
}

/** Run id, backend, dataset, and epoch/step progress with rate and ETA. */
export function Header({ state, nowMs, width }: Props) {
  const started = state.started;
  if (!started) return <Text>ranker · preparing data and model…</Text>;
  const elapsed = state.startedAtMs === null ? 0 : (nowMs - state.startedAtMs) / 1000;
  const epochsDone = state.epochs.length;
  const epochsTotal = started.epochs - started.startEpoch + 1;
  const barWidth = Math.max(10, width - 58);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold color="cyan">
          ranker
        </Text>{' '}
        run {started.runId} · backend {started.backend} · {started.dataset}
      </Text>
      <ProgressBar
        label="epoch"
        done={epochsDone}
        total={epochsTotal}
        elapsedSeconds={elapsed}
        unit="epochs"
        width={barWidth}
      />
      <ProgressBar
        label="step"
        done={state.stepsDone}
        total={totalSteps(state)}
        elapsedSeconds={elapsed}
        unit="steps"
        width={barWidth}
      />
    </Box>
  );
}
