import { Text } from 'ink';
import { formatNumber } from '../format.js';
import { sparkline } from '../sparkline.js';

interface Props {
  label: string;
  values: readonly number[];
  unit?: string;
}

/** The line's text without colour, for panels that count the rows their texts wrap to. */
export function sparklineText({ label, values, unit = '' }: Props): string {
  return values.length === 0
    ? `${label}: no values yet`
    : `${label} ${sparkline(values)}${tail(values, unit)}`;
}

/** ` latest x (min … max unit)`: the min/max say what the bottom and top ticks mean. */
function tail(values: readonly number[], unit: string): string {
  const finite = values.filter(Number.isFinite);
  const range = finite.length
    ? `${formatNumber(Math.min(...finite))} … ${formatNumber(Math.max(...finite))}${unit ? ` ${unit}` : ''}`
    : 'no finite values';
  return ` latest ${formatNumber(values.at(-1))} (${range})`;
}

/** `label ▁▃█ latest (min … max unit)`. */
export function Sparkline({ label, values, unit = '' }: Props) {
  if (values.length === 0) return <Text dimColor>{label}: no values yet</Text>;
  return (
    <Text>
      {label} <Text color="yellow">{sparkline(values)}</Text>
      {tail(values, unit)}
    </Text>
  );
}
