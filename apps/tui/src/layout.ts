/** How the dashboard uses the terminal: one panel at a time at 80×24, all four when there is room. */
export const PANELS = ['training', 'gradients', 'embedding', 'outliers'] as const;
export type Panel = (typeof PANELS)[number];

export interface Layout {
  mode: 'single' | 'grid';
  columns: number;
  panelWidth: number; // characters available inside one panel
  panelHeight: number; // rows available inside one panel
}

const HEADER_ROWS = 4; // title, two progress bars, tab bar + status
const FOOTER_ROWS = 1; // keys and the latest log line
const GRID_MIN = { columns: 140, rows: 44 };

export function layoutFor(columns: number, rows: number): Layout {
  const cols = Math.max(80, columns);
  const body = Math.max(24, rows) - HEADER_ROWS - FOOTER_ROWS;
  if (cols >= GRID_MIN.columns && rows >= GRID_MIN.rows) {
    return {
      mode: 'grid',
      columns: cols,
      panelWidth: Math.floor(cols / 2) - 1,
      panelHeight: Math.floor(body / 2),
    };
  }
  return { mode: 'single', columns: cols, panelWidth: cols - 1, panelHeight: body };
}
