import { useApp, useInput, useStdin, useStdout } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { ExpectationOptions } from '../expectation.js';
import { layoutFor, PANELS, type Panel } from '../layout.js';
import type { RunEvent } from '../protocol.js';
import { initialRunState, type RunState, reduceRunEvent } from '../runState.js';
import { Dashboard } from './Dashboard.js';

/** What the App needs from a run: its events and the control flags (RunControl fits). */
export interface RunHandle {
  subscribe(listener: (event: RunEvent) => void): () => void;
  control: {
    pause(): void;
    resume(): void;
    stop(): void;
    requestReport(): void;
    readonly paused: boolean;
  };
}

interface Props {
  run: RunHandle;
  refreshMs?: number; // rendering is throttled to this period; events are folded as they come
  columns?: number; // override the terminal size (tests)
  rows?: number;
  expectation?: ExpectationOptions; // the flags the start-up expectation is computed from
}

/** The interactive dashboard: folds run events into state, redraws at most every refreshMs. */
export function App({ run, refreshMs = 250, columns, rows, expectation }: Props) {
  const latest = useRef<RunState>(initialRunState);
  const [state, setState] = useState<RunState>(initialRunState);
  const [nowMs, setNowMs] = useState(Date.now());
  const [panel, setPanel] = useState<Panel>('training');
  const [showHelp, setShowHelp] = useState(false);
  const [stopRequested, setStopRequested] = useState(false);
  const { stdout } = useStdout();
  const { isRawModeSupported } = useStdin();
  const { exit } = useApp();

  useEffect(
    () =>
      run.subscribe((event) => {
        latest.current = reduceRunEvent(latest.current, event, Date.now());
      }),
    [run],
  );

  useEffect(() => {
    const timer = setInterval(() => {
      setState(latest.current);
      setNowMs(Date.now());
    }, refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs]);

  useEffect(() => {
    if (state.end) exit();
  }, [state.end, exit]);

  // Ink throws "Raw mode is not supported" when input is read without a TTY.
  useInput(
    (input, key) => {
      if (input === 'q' || (key.ctrl && input === 'c')) {
        run.control.stop();
        setStopRequested(true);
      } else if (input === 'p') {
        if (run.control.paused) run.control.resume();
        else run.control.pause();
      } else if (input === 'r') {
        run.control.requestReport();
      } else if (input === 'h' || input === '?') {
        setShowHelp((shown) => !shown);
      } else if (key.escape) {
        setShowHelp(false);
      } else if (key.tab) {
        setPanel((p) => PANELS[(PANELS.indexOf(p) + 1) % PANELS.length]);
      } else if (/^[1-4]$/.test(input)) {
        setPanel(PANELS[Number(input) - 1]);
      }
    },
    { isActive: isRawModeSupported === true },
  );

  const layout = layoutFor(columns ?? stdout.columns ?? 80, rows ?? stdout.rows ?? 24);
  return (
    <Dashboard
      state={state}
      layout={layout}
      panel={panel}
      showHelp={showHelp && !state.end} // the final frame, left in the terminal, shows the run
      expectation={expectation}
      stopRequested={stopRequested}
      nowMs={nowMs}
    />
  );
}
