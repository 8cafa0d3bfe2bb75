import { Text } from 'ink';
import { formatDuration, formatNumber } from '../format.js';
import { progressBar, ratePerSecond } from '../progress.js';

interface Props {
  label: string;
  done: number;
  total: number;
  elapsedSeconds: number;
  etaSeconds: number; // the run's one ETA (runState etaSeconds), the same on every bar
  unit: string; // what is counted, for the rate ('steps', 'epochs')
  width: number; // bar characters
}

/** `label  done/total ███░░ 40% · 1.2 steps/s · ETA 3m10s` */
export function ProgressBar({
  label,
  done,
  total,
  elapsedSeconds,
  etaSeconds,
  unit,
  width,
}: Props) {
  const perSecond = ratePerSecond(done, elapsedSeconds);
  const percent = total > 0 ? Math.floor((100 * done) / total) : 0;
  const rate = Number.isFinite(perSecond)
    ? perSecond >= 1
      ? `${formatNumber(perSecond, 3)} ${unit}/s`
      : `${formatNumber(perSecond * 60, 3)} ${unit}/min`
    : `— ${unit}/s`;
  return (
    <Text>
      {label.padEnd(6)} {String(done).padStart(String(total).length)}/{total}{' '}
      <Text color="green">{progressBar(done, total, width)}</Text> {String(percent).padStart(3)}% ·{' '}
      {rate} · ETA {done >= total && total > 0 ? 'done' : formatDuration(etaSeconds)}
    </Text>
  );
}
