import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { type Layout, PANELS, type Panel } from '../layout.js';
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
}

const TITLES: Record<Panel, string> = {
  training: 'training',
  gradients: 'gradients',
  embedding: 't-SNE',
  outliers: 'outliers',
};

/** The whole screen: header, tab bar with the run status, the panel(s), the keys line. */
export function Dashboard({ state, layout, panel, showHelp, stopRequested, nowMs }: Props) {
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
  return (
    <Box flexDirection="column" width={layout.columns}>
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
        <HelpOverlay />
      ) : layout.mode === 'single' ? (
        <Box height={height} overflow="hidden">
          {body(panel)}
        </Box>
      ) : (
        <Box flexDirection="column">
          {[PANELS.slice(0, 2), PANELS.slice(2)].map((pair) => (
            <Box key={pair[0]} height={height} overflow="hidden">
              {pair.map((p) => (
                <Box key={p} width={width + 1} overflow="hidden">
                  {body(p)}
                </Box>
              ))}
            </Box>
          ))}
        </Box>
      )}
      <Text dimColor wrap="truncate-end">
        q quit · p pause · tab/1-4 panels · r report · ? help
        {state.logs.length ? ` │ ${state.logs.at(-1)}` : ''}
      </Text>
    </Box>
  );
}

function Status({ state, stopRequested }: { state: RunState; stopRequested: boolean }) {
  if (state.fatal) return <Text color="red">error: {state.fatal.message}</Text>;
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
  return (
    <Scatter
      points={embedding.points}
      flagged={flagged}
      width={Math.min(width - 2, 2 * (height - 4))}
      height={Math.max(3, height - 4)}
      method={embedding.method}
      epoch={latest.epoch}
    />
  );
}
