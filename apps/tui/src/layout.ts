/** How the dashboard uses the terminal: one panel at a time at 80×24, all four when there is room. */
export const PANELS = ['training', 'gradients', 'embedding', 'outliers'] as const;
export type Panel = (typeof PANELS)[number];

/** The smallest terminal the dashboard draws in; below it says "terminal too small". */
export const MIN_TERMINAL = { columns: 80, rows: 24 };

export type Layout =
  | {
      mode: 'single' | 'grid';
      columns: number;
      rows: number; // rows the frame may use: the terminal's less one (see layoutFor)
      panelWidth: number; // characters available inside one panel
      panelHeight: number; // rows available inside one panel
    }
  | { mode: 'too-small'; columns: number; rows: number };

const HEADER_ROWS = 4; // title, two progress bars, tab bar + status
const FOOTER_ROWS = 2; // the latest note (expectation or log line), the keys
const GRID_MIN = { columns: 140, rows: 44 };

/**
 * The frame is at most rows − 1 lines: Ink clears the whole terminal, scrollback included
 * (`\x1b[3J`), whenever a frame is as tall as the screen, so a frame within it leaves the
 * user's scrollback alone.
 */
export function layoutFor(columns: number, rows: number): Layout {
  if (columns < MIN_TERMINAL.columns || rows < MIN_TERMINAL.rows) {
    return { mode: 'too-small', columns, rows: rows - 1 };
  }
  const frame = rows - 1;
  const body = frame - HEADER_ROWS - FOOTER_ROWS;
  if (columns >= GRID_MIN.columns && rows >= GRID_MIN.rows) {
    return {
      mode: 'grid',
      columns,
      rows: frame,
      panelWidth: Math.floor(columns / 2) - 1,
      panelHeight: Math.floor(body / 2),
    };
  }
  return { mode: 'single', columns, rows: frame, panelWidth: columns - 1, panelHeight: body };
}
