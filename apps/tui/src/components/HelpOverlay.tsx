import { Box, Text } from 'ink';
import type { RunState } from '../runState.js';

const KEY_HELP: readonly [string, string][] = [
  ['q', 'stop: the batch finishes, checkpoint, partial report, exit code 0 (resume with --resume)'],
  ['p', 'pause / resume training'],
  ['tab', 'next panel'],
  ['1-4', 'training · gradients · t-SNE · outliers'],
  ['r', 'render the report now'],
  ['h ?', 'show / hide this help'],
  ['Esc', 'close this help'],
];

interface Props {
  state: RunState;
  note?: string; // the footer's note (expectation or latest log line), in full here
}

/**
 * Keys (never squeezed out), then the long texts the dashboard only cuts: error, data, backend,
 * the latest lines; what does not fit the view is cut at its bottom.
 */
export function HelpOverlay({ state, note }: Props) {
  const started = state.started;
  const logs = state.logs.filter((line) => line !== note);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} flexGrow={1}>
      <Box flexDirection="column" flexShrink={0}>
        <Text bold>keys</Text>
        {KEY_HELP.map(([key, what]) => (
          <Text key={key} wrap="wrap">
            <Text color="cyan">{key.padEnd(4)}</Text> {what}
          </Text>
        ))}
      </Box>
      {state.fatal ? (
        <Text color="red" wrap="wrap">
          error [{state.fatal.code}]: {state.fatal.message}
        </Text>
      ) : null}
      {started ? (
        <Text wrap="wrap">
          data: {started.dataset} · backend {started.backend} ({started.backendReason})
        </Text>
      ) : null}
      {note ? <Text wrap="wrap">{note}</Text> : null}
      {logs.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: log lines are positional
        <Text key={i} dimColor wrap="wrap">
          {line}
        </Text>
      ))}
    </Box>
  );
}
