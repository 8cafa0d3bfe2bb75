export interface ChartSeries {
  values: readonly number[];
  glyph: string;
}

export interface Chart {
  rows: string[]; // `height` strings of `width` characters, top row = max
  min: number;
  max: number;
}

/**
 * Plots series that share the x range [0, length) onto a character grid. Each series is
 * resampled to `width` columns by averaging the values that fall in a column; a later series
 * draws over an earlier one. The y range is the min/max over all finite values.
 */
export function lineChart(series: readonly ChartSeries[], width: number, height: number): Chart {
  const grid = Array.from({ length: height }, () => Array<string>(width).fill(' '));
  const finite = series.flatMap((s) => s.values.filter(Number.isFinite));
  if (finite.length === 0)
    return { rows: grid.map((r) => r.join('')), min: Number.NaN, max: Number.NaN };
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = series.reduce((n, s) => Math.max(n, s.values.length), 0);
  for (const { values, glyph } of series) {
    for (const [column, value] of resample(values, span, width)) {
      const level = max === min ? 0.5 : (value - min) / (max - min);
      grid[height - 1 - Math.round(level * (height - 1))][column] = glyph;
    }
  }
  return { rows: grid.map((r) => r.join('')), min, max };
}

/** Column → mean of the finite values whose x maps into it (x scaled from [0, span) to [0, width)). */
function resample(values: readonly number[], span: number, width: number): Map<number, number> {
  const sums = new Map<number, { sum: number; count: number }>();
  const scale = span <= width ? 1 : width / span;
  values.forEach((value, x) => {
    if (!Number.isFinite(value)) return;
    const column = Math.min(width - 1, Math.floor(x * scale));
    const cell = sums.get(column) ?? { sum: 0, count: 0 };
    cell.sum += value;
    cell.count += 1;
    sums.set(column, cell);
  });
  return new Map([...sums].map(([c, { sum, count }]) => [c, sum / count]));
}
