import type { SweepEvent } from '@ranker/experiment';
import { Box, Text, useInput, useStdin, useStdout } from 'ink';
import { useEffect, useRef, useState } from 'react';
import { formatDuration } from '../format.js';
import { formatGns } from '../formatGns.js';
import {
  type CellRow,
  cellEta,
  initialSweepState,
  reduceSweepEvent,
  type SweepState,
} from '../sweepState.js';

const STATUS_COLOR: Record<CellRow['status'], string> = {
  pending: 'gray',
  running: 'cyan',
  completed: 'green',
  interrupted: 'yellow',
  failed: 'red',
};

/** Lines the table needs besides its rows: title, header, "more" line, comparison, logs, keys. */
const CHROME_LINES = 8;

/**
 * The rows that fit: running cells first, then the others in grid order, at most `maxRows`.
 * Ink clears the whole terminal when a frame is taller than the screen, so the frame never is.
 */
export function visibleRows(
  cells: CellRow[],
  maxRows: number,
): { rows: CellRow[]; hidden: number } {
  const order = [
    ...cells.filter((c) => c.status === 'running'),
    ...cells.filter((c) => c.status !== 'running'),
  ];
  const rows = order.slice(0, Math.max(1, maxRows));
  return { rows, hidden: cells.length - rows.length };
}

interface Props {
  subscribe(listener: (event: SweepEvent) => void): () => void;
  onStop(): void;
  refreshMs?: number;
  rows?: number; // override the terminal height (tests)
}

/** The live sweep: one row per cell with status, epoch, ETA and the latest B_simple. */
export function SweepTable({ subscribe, onStop, refreshMs = 250, rows }: Props) {
  const latest = useRef<SweepState>(initialSweepState);
  const [state, setState] = useState<SweepState>(initialSweepState);
  const [stopping, setStopping] = useState(false);
  const { stdout } = useStdout();
  const { isRawModeSupported } = useStdin();
  useEffect(
    () =>
      subscribe((event) => {
        latest.current = reduceSweepEvent(latest.current, event);
      }),
    [subscribe],
  );
  useEffect(() => {
    const timer = setInterval(() => setState(latest.current), refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs]);
  useInput(
    (input, key) => {
      if (input === 'q' || (key.ctrl && input === 'c')) {
        setStopping(true);
        onStop();
      }
    },
    { isActive: isRawModeSupported === true },
  );
  const height = rows ?? stdout.rows ?? 24;
  const { rows: shown, hidden } = visibleRows(state.cells, height - CHROME_LINES);
  const idWidth = Math.min(48, Math.max(4, ...state.cells.map((c) => c.id.length)));
  return (
    <Box flexDirection="column">
      <Text bold>
        sweep {state.sweepId ?? '…'} · {state.cells.length} cells · {state.executor ?? ''}
      </Text>
      <Text dimColor>
        {'cell'.padEnd(idWidth)} {'status'.padEnd(11)} {'epoch'.padEnd(7)} {'ETA'.padEnd(7)} latest
        B_simple (pairs)
      </Text>
      {shown.map((row) => (
        <Text key={row.id} wrap="truncate">
          {row.id.slice(0, idWidth).padEnd(idWidth)}{' '}
          <Text color={STATUS_COLOR[row.status]}>{row.status.padEnd(11)}</Text>{' '}
          {`${row.epoch}/${row.epochs ?? '?'}`.padEnd(7)} {formatDuration(cellEta(row)).padEnd(7)}{' '}
          {row.noiseScale ? `${formatGns(row.noiseScale)} @ epoch ${row.probeEpoch}` : '—'}
        </Text>
      ))}
      {hidden > 0 && <Text dimColor>… {hidden} more cells (see sweep.json)</Text>}
      {state.comparison && (
        <Text>
          comparison{state.comparison.partial ? ' (partial)' : ''}:{' '}
          {state.comparison.path ?? 'not written'}
        </Text>
      )}
      <Text dimColor wrap="truncate">
        {state.logs.at(-1) ?? ''}
      </Text>
      <Text dimColor>
        {stopping
          ? 'stopping: running cells checkpoint and end…'
          : isRawModeSupported
            ? 'q stop (cells resume when the command is run again)'
            : ''}
      </Text>
    </Box>
  );
}
