import { Box, Text } from 'ink';
import { etaSeconds, type RunState, totalSteps } from '../runState.js';
import { ProgressBar } from './ProgressBar.js';

interface Props {
  state: RunState;
  nowMs: number;
  width: number;
}

/**
 * Run id, backend and sample counts (the data's description is in the help view), and the
 * epoch and step bars, both with the one ETA of etaSeconds.
 */
export function Header({ state, nowMs, width }: Props) {
  const started = state.started;
  if (!started) return <Text>ranker · preparing data and model…</Text>;
  const elapsed = state.startedAtMs === null ? 0 : (nowMs - state.startedAtMs) / 1000;
  const eta = etaSeconds(state, nowMs);
  const epochsTotal = started.epochs - started.startEpoch + 1;
  const barWidth = Math.max(10, width - 58);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold color="cyan">
          ranker
        </Text>{' '}
        {started.trainSamples} train / {started.validationSamples} validation samples · backend{' '}
        {started.backend} · run {started.runId}
      </Text>
      <ProgressBar
        label="epoch"
        done={state.epochs.length}
        total={epochsTotal}
        elapsedSeconds={elapsed}
        etaSeconds={eta}
        unit="epochs"
        width={barWidth}
      />
      <ProgressBar
        label="step"
        done={state.stepsDone}
        total={totalSteps(state)}
        elapsedSeconds={elapsed}
        etaSeconds={eta}
        unit="steps"
        width={barWidth}
      />
    </Box>
  );
}
