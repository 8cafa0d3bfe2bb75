import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readProbeRecord } from '../src/probeRecord.js';
import type { Problem } from '../src/problems.js';
import { renderReport } from '../src/renderReport.js';
import {
  ALL_ZERO_REASON,
  type PlantedProbe,
  plantedProbe,
  writeRun,
} from './fixtures/runFixture.js';

const root = mkdtempSync(join(tmpdir(), 'report-undefined-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const probe = (epoch: number, bSimple: number, undefinedGns = false): PlantedProbe => ({
  epoch,
  bSimple,
  batches: 12,
  undefinedGns,
});

describe('probes whose B_simple is undefined', () => {
  it('reads an older probe file (null bSimple, no status) as undefined with no reason, not invalid', () => {
    const record = JSON.parse(JSON.stringify(plantedProbe(probe(3, 20)))) as ReturnType<
      typeof plantedProbe
    >;
    const ns = record.probe.noiseScale as unknown as Record<string, unknown>;
    ns.bSimple = null;
    ns.bSimplePerParameter = null;
    delete ns.status;
    delete ns.undefinedReason;
    ns.interval = { ...(ns.interval as object), low: null, high: null }; // NaN quantiles, as written
    const problems: Problem[] = [];
    const read = readProbeRecord(
      JSON.parse(JSON.stringify(record)),
      'probes/epoch-003.json',
      problems,
    );
    expect(problems).toEqual([]);
    expect(read?.probe.noiseScale.status).toBe('undefined');
    expect(read?.probe.noiseScale.undefinedReason).toBeNull();
    expect(read?.probe.noiseScale.interval).toBeNull();
  });

  it('shows "undefined (reason)", leaves the epochs out of the trend and is not partial (en)', async () => {
    const dir = writeRun(root, 'run-en', {
      probes: [probe(1, 40), probe(2, 30, true), probe(3, 20), probe(4, 10, true), probe(5, 5)],
    });
    const result = await renderReport(dir, { lang: 'en' });
    expect(result.partial).toBe(false);
    expect(result.problems).toEqual([]);
    const markdown = readFileSync(result.reportPath, 'utf8');
    expect(markdown).not.toContain('Partial report');
    expect(markdown).toContain(
      'Epoch 2, 4: no positive B_simple (undefined or a negative estimate, see the table), drawn as a grey cross on the bottom of the axis, not as a value.',
    );
    expect(markdown).toContain(`undefined (${ALL_ZERO_REASON(12).replaceAll('|', '\\|')})`);
    expect(markdown).toContain(
      `Epoch 2, 4 left out: B_simple is undefined there (${ALL_ZERO_REASON(12)}).`,
    );
    const summary = JSON.parse(readFileSync(result.summaryPath, 'utf8'));
    expect(summary.conclusions.gnsDecreases.epochs).toEqual([1, 3, 5]);
    expect(
      summary.conclusions.gnsDecreases.undefinedEpochs.map((e: { epoch: number }) => e.epoch),
    ).toEqual([2, 4]);
  }, 30_000);

  it('says 未定義 with the reason in zh-TW and is inconclusive when too few defined epochs remain', async () => {
    const dir = writeRun(root, 'run-zh', {
      probes: [probe(1, 40, true), probe(2, 30, true), probe(3, 20)],
    });
    const result = await renderReport(dir, { lang: 'zh-TW' });
    expect(result.partial).toBe(false);
    const markdown = readFileSync(result.reportPath, 'utf8');
    expect(markdown).toContain('Epoch 1, 2：B_simple 沒有正值（未定義或估計為負，見上表）');
    expect(markdown).toContain(`未定義（${ALL_ZERO_REASON(12).replaceAll('|', '\\|')}）`);
    expect(markdown).toContain(
      `Epoch 1, 2 未納入：該處 B_simple 未定義（${ALL_ZERO_REASON(12)}）。`,
    );
    const summary = JSON.parse(readFileSync(result.summaryPath, 'utf8'));
    expect(summary.conclusions.gnsDecreases.verdict).toBe('inconclusive');
    expect(summary.conclusions.gnsDecreases.reason).toBe('too-few-probes');
  }, 30_000);
});
