import { Box, Text } from 'ink';

export const KEY_HELP: readonly [string, string][] = [
  ['q', 'quit gracefully: checkpoint, partial report, exit code 130'],
  ['p', 'pause / resume training'],
  ['tab', 'next panel'],
  ['1-4', 'training · gradients · t-SNE · outliers'],
  ['r', 'render the report now'],
  ['?', 'show / hide this help'],
];

export function HelpOverlay() {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>keys</Text>
      {KEY_HELP.map(([key, what]) => (
        <Text key={key}>
          <Text color="cyan">{key.padEnd(4)}</Text> {what}
        </Text>
      ))}
    </Box>
  );
}
