import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { type ExpectationOptions, expectationLine } from '../expectation.js';
import { type Layout, MIN_TERMINAL, PANELS, type Panel } from '../layout.js';
import type { RunState } from '../runState.js';
import { GradientPanel } from './GradientPanel.js';
import { Header } from './Header.js';
import { HelpOverlay } from './HelpOverlay.js';
import { OutlierList } from './OutlierList.js';
import { Scatter } from './Scatter.js';
import { TrainingPanel } from './TrainingPanel.js';

interface Props {
  state: RunState;
  layout: Layout;
  panel: Panel;
  showHelp: boolean;
  stopRequested: boolean;
  nowMs: number;
  expectation?: ExpectationOptions;
}

const TITLES: Record<Panel, string> = {
  training: 'training',
  gradients: 'gradients',
  embedding: 't-SNE',
  outliers: 'outliers',
};

const KEYS = 'q quit · p pause · tab/1-4 panels · r report · h help';

/**
 * The whole screen: header, tab bar with the run status, the panel(s) or the help view, the keys
 * line. The frame is exactly `layout.rows` lines (clipped), so it never reaches the terminal's
 * height (see layoutFor).
 */
export function Dashboard({
  state,
  layout,
  panel,
  showHelp,
  stopRequested,
  nowMs,
  expectation,
}: Props) {
  if (layout.mode === 'too-small') {
    return (
      <Box flexDirection="column" height={Math.max(1, layout.rows)} overflow="hidden">
        <Text color="yellow" wrap="wrap">
          terminal too small (needs {MIN_TERMINAL.columns}×{MIN_TERMINAL.rows}, is {layout.columns}×
          {layout.rows + 1}): enlarge it, or quit with q and run with --headless
        </Text>
        <Status state={state} stopRequested={stopRequested} />
      </Box>
    );
  }
  const { panelWidth: width, panelHeight: height } = layout;
  const body = (which: Panel): ReactNode => {
    switch (which) {
      case 'training':
        return <TrainingPanel state={state} width={width} height={height} />;
      case 'gradients':
        return <GradientPanel probes={state.probes} width={width} height={height} />;
      case 'embedding':
        return <EmbeddingPanel state={state} width={width} height={height} />;
      case 'outliers': {
        const latest = state.probes.at(-1);
        return latest || state.audit ? (
          <OutlierList
            outliers={latest?.analysis.outliers ?? null}
            epoch={latest?.epoch ?? null}
            audit={state.audit}
            maxRows={height - 1}
          />
        ) : (
          <Text dimColor>no probe yet</Text>
        );
      }
    }
  };
  // Before the first step the footer shows what this configuration should take; then the ETA.
  const note =
    state.started && state.stepsDone === 0 && expectation
      ? expectationLine(expectation, state.started)
      : state.logs.at(-1);
  return (
    <Box flexDirection="column" width={layout.columns} height={layout.rows} overflow="hidden">
      <Header state={state} nowMs={nowMs} width={layout.columns} />
      <Text wrap="truncate-end">
        {layout.mode === 'single'
          ? PANELS.map((p, i) => (
              <Text key={p} inverse={p === panel}>
                {` ${i + 1} ${TITLES[p]} `}
              </Text>
            ))
          : null}{' '}
        <Status state={state} stopRequested={stopRequested} />
      </Text>
      {showHelp ? (
        <Box height={layout.mode === 'single' ? height : 2 * height} overflow="hidden">
          <HelpOverlay state={state} note={note} />
        </Box>
      ) : layout.mode === 'single' ? (
        <Box height={height} overflow="hidden">
          {body(panel)}
        </Box>
      ) : (
        <Box flexDirection="column">
          {[PANELS.slice(0, 2), PANELS.slice(2)].map((pair) => (
            <Box key={pair[0]} height={height} overflow="hidden">
              {pair.map((p) => (
                // paddingRight: a column of space between the two panels' texts
                <Box key={p} width={width + 1} paddingRight={1} overflow="hidden">
                  {body(p)}
                </Box>
              ))}
            </Box>
          ))}
        </Box>
      )}
      <Box flexGrow={1} />
      <Text dimColor wrap="truncate-end">
        {noteLine(note, layout.columns)}
      </Text>
      <Text dimColor wrap="truncate-end">
        {KEYS}
      </Text>
    </Box>
  );
}

const IN_FULL = ' … (h: in full)';

/** The latest note in one line; one that does not fit is cut with a pointer to the help view. */
function noteLine(note: string | undefined, columns: number): string {
  if (!note) return '';
  const chars = [...note];
  if (chars.length <= columns) return note;
  // cut at a space, so that no number is cut in two
  const head = chars.slice(0, columns - IN_FULL.length + 1).join('');
  const at = head.lastIndexOf(' ');
  return `${at > 0 ? head.slice(0, at) : ''}${IN_FULL}`;
}

function Status({ state, stopRequested }: { state: RunState; stopRequested: boolean }) {
  if (state.fatal) return <Text color="red">error [{state.fatal.code}] (h: message)</Text>;
  if (state.end)
    return (
      <Text color={state.end.status === 'completed' ? 'green' : 'yellow'}>
        run {state.end.status}
      </Text>
    );
  if (stopRequested) return <Text color="yellow">stopping: checkpoint, report…</Text>;
  if (state.paused) return <Text color="yellow">PAUSED at step {state.stepsDone} (p resumes)</Text>;
  if (state.probing)
    return (
      <Text color="magenta">
        probing epoch {state.probing.epoch}: batch {state.probing.done}/{state.probing.batches}
      </Text>
    );
  return <Text color="green">training epoch {state.epoch}</Text>;
}

function EmbeddingPanel({
  state,
  width,
  height,
}: {
  state: RunState;
  width: number;
  height: number;
}) {
  const latest = state.probes.at(-1);
  const embedding = latest?.analysis.embedding;
  if (!latest || !embedding)
    return <Text dimColor>no t-SNE yet (needs a probe with enough batches)</Text>;
  const flagged = new Set(latest.analysis.outliers.batches.map((b) => b.index));
  const zero = new Set(latest.analysis.similarity.undefinedBatches ?? []);
  return (
    <Scatter
      points={embedding.points}
      flagged={flagged}
      zero={zero}
      width={Math.min(width - 2, 2 * (height - 5))}
      height={Math.max(3, height - 5)}
      maxWidth={width}
      method={embedding.method}
      epoch={latest.epoch}
    />
  );
}
