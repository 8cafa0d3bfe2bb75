import { Text } from 'ink';
import { formatNumber } from '../format.js';
import { sparkline } from '../sparkline.js';

interface Props {
  label: string;
  values: readonly number[];
  unit?: string;
}

/** `label ▁▃█ latest (min … max unit)`: the min/max say what the bottom and top ticks mean. */
export function Sparkline({ label, values, unit = '' }: Props) {
  if (values.length === 0) return <Text dimColor>{label}: no values yet</Text>;
  const finite = values.filter(Number.isFinite);
  const range = finite.length
    ? `${formatNumber(Math.min(...finite))} … ${formatNumber(Math.max(...finite))}${unit ? ` ${unit}` : ''}`
    : 'no finite values';
  return (
    <Text>
      {label} <Text color="yellow">{sparkline(values)}</Text> latest {formatNumber(values.at(-1))} (
      {range})
    </Text>
  );
}
