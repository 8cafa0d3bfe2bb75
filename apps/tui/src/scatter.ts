/** The marks of the t-SNE plot: none of them is a digit but the crowded-cell counts. */
export const SCATTER_MARKS = {
  point: '•', // one batch in the cell
  outlier: 'X', // a flagged outlier batch (wins over a count: the cell also says it is one)
  crowded: (count: number) => (count > 9 ? '+' : String(count)), // several batches, no outlier
};

/**
 * Character scatter plot of 2-D points (the t-SNE of gradient directions). Axes are stretched
 * to the drawn points' bounding box (t-SNE coordinates have no units). `skip`: points not drawn
 * (zero gradients have no direction; the embedding leaves them at the origin, which would read
 * as a measured position); `flagged`: outlier batches.
 */
export function scatterPlot(
  points: readonly (readonly [number, number])[],
  width: number,
  height: number,
  flagged: ReadonlySet<number> = new Set(),
  skip: ReadonlySet<number> = new Set(),
): string[] {
  const grid = Array.from({ length: height }, () => Array<string>(width).fill(' '));
  const drawn = points
    .map(([x, y], index) => ({ x, y, index }))
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && !skip.has(p.index));
  if (drawn.length === 0) return grid.map((r) => r.join(''));
  const xs = drawn.map((p) => p.x);
  const ys = drawn.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [
    Math.min(...xs),
    Math.max(...xs),
    Math.min(...ys),
    Math.max(...ys),
  ];
  const cell = (v: number, min: number, max: number, n: number) =>
    max === min ? Math.floor((n - 1) / 2) : Math.round(((v - min) / (max - min)) * (n - 1));
  const cells = new Map<string, { row: number; column: number; count: number; outlier: boolean }>();
  for (const { x, y, index } of drawn) {
    const column = cell(x, minX, maxX, width);
    const row = height - 1 - cell(y, minY, maxY, height);
    const key = `${row},${column}`;
    const at = cells.get(key) ?? { row, column, count: 0, outlier: false };
    at.count += 1;
    at.outlier ||= flagged.has(index);
    cells.set(key, at);
  }
  for (const { row, column, count, outlier } of cells.values()) {
    grid[row][column] = outlier
      ? SCATTER_MARKS.outlier
      : count === 1
        ? SCATTER_MARKS.point
        : SCATTER_MARKS.crowded(count);
  }
  return grid.map((r) => r.join(''));
}
