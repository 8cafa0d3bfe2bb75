/**
 * Character scatter plot of 2-D points (the t-SNE of gradient directions). Axes are stretched
 * to the points' bounding box (t-SNE coordinates have no units). A cell holding one point shows
 * its label (or '•'), a cell holding several shows their count (up to 9, then '+').
 */
export function scatterPlot(
  points: readonly (readonly [number, number])[],
  width: number,
  height: number,
  label: (index: number) => string = () => '•',
): string[] {
  const grid = Array.from({ length: height }, () => Array<string>(width).fill(' '));
  const counts = new Map<string, number>();
  const finite = points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  if (finite.length === 0) return grid.map((r) => r.join(''));
  const xs = finite.map(([x]) => x);
  const ys = finite.map(([, y]) => y);
  const [minX, maxX, minY, maxY] = [
    Math.min(...xs),
    Math.max(...xs),
    Math.min(...ys),
    Math.max(...ys),
  ];
  const cell = (v: number, min: number, max: number, n: number) =>
    max === min ? Math.floor((n - 1) / 2) : Math.round(((v - min) / (max - min)) * (n - 1));
  points.forEach(([x, y], index) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    const column = cell(x, minX, maxX, width);
    const row = height - 1 - cell(y, minY, maxY, height);
    const key = `${row},${column}`;
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    grid[row][column] = count === 1 ? label(index) : count > 9 ? '+' : String(count);
  });
  return grid.map((r) => r.join(''));
}
