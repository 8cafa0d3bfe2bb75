import type { OutlierReport } from '@ranker/grad-analysis';
import { Box, Text } from 'ink';
import { formatNumber } from '../format.js';
import type { RunEvent } from '../protocol.js';

interface Props {
  outliers: OutlierReport | null;
  epoch: number | null;
  /** The data audit's recordings (most suspicious first), when the run has an audit. */
  audit?: Extract<RunEvent, { type: 'audit' }> | null;
  maxRows: number;
}

/**
 * With a data audit: the recordings to listen to first, by detector score. Then the flagged
 * batches of the latest probe (robust z-scores, median/MAD) and the samples they share.
 */
export function OutlierList({ outliers, epoch, audit = null, maxRows }: Props) {
  const auditRows = audit ? Math.max(2, Math.floor(maxRows / 2)) - 1 : 0;
  const rest = maxRows - (audit ? auditRows + 1 : 0);
  const half = Math.max(1, Math.floor(rest / 2));
  return (
    <Box flexDirection="column">
      {audit && (
        <>
          <Text bold wrap="truncate-end">
            data audit: {audit.flagged} of {audit.audited} recordings flagged{' '}
            <Text dimColor>(score = robust z of mis-ordered partners; {audit.file})</Text>
          </Text>
          {audit.recordings.slice(0, auditRows).map((r) => (
            <Text key={r.id} wrap="truncate-end">
              <Text color={r.flagged ? 'red' : undefined}>
                #{r.rank} {r.flagged ? 'flagged' : 'ok'}
              </Text>{' '}
              score {formatNumber(r.score, 3)} ·{' '}
              {r.source.startsWith('synthetic:') ? r.id : r.source}
            </Text>
          ))}
        </>
      )}
      {outliers && (
        <>
          <Text bold>
            outlier batches at epoch {epoch}{' '}
            <Text dimColor>(|robust z| &gt; {formatNumber(outliers.threshold)})</Text>
          </Text>
          {outliers.batches.length === 0 ? (
            <Text color="green">no batch flagged</Text>
          ) : (
            outliers.batches.slice(0, half).map((b) => (
              <Text key={b.index} wrap="truncate-end">
                {/* the z-scores are the reasons (the header gives the threshold); the report words them */}
                <Text color="red">batch {b.index}</Text> similarity z{' '}
                {formatNumber(b.similarityZ, 3)} · norm z {formatNumber(b.normZ, 3)}
              </Text>
            ))
          )}
          {outliers.samples.slice(0, half).map((s) => (
            <Text key={s.sampleId} wrap="truncate-end">
              sample {s.sampleId}: in {s.flaggedBatches} flagged / {s.cleanBatches} clean batches
              (flagged: {s.batches.join(', ')})
            </Text>
          ))}
        </>
      )}
    </Box>
  );
}
