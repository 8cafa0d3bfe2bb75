const TICKS = '▁▂▃▄▅▆▇█';

/**
 * One character per value, linearly scaled between the series' min and max (a constant series
 * sits mid-height). Non-finite values are shown as '×' so they are never mistaken for a level.
 */
export function sparkline(values: readonly number[]): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return values.map(() => '×').join('');
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  return values
    .map((v) => {
      if (!Number.isFinite(v)) return '×';
      if (max === min) return TICKS[3];
      const level = Math.round(((v - min) / (max - min)) * (TICKS.length - 1));
      return TICKS[level];
    })
    .join('');
}
