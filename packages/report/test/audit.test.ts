import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scoreRecordings } from '@ranker/grad-analysis';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateAudit, judgeDataAudit } from '../src/auditEvaluation.js';
import { type AuditRecord, readAuditRecord } from '../src/auditRecord.js';
import { renderAuditSection } from '../src/auditSection.js';
import { renderChart } from '../src/charts.js';
import type { PlantedFault } from '../src/plantedFaults.js';
import type { Problem } from '../src/problems.js';
import { renderReport } from '../src/renderReport.js';
import { writeRun } from './fixtures/runFixture.js';

/** mulberry32, for test data. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An audit.json as the experiment writes it: grad-analysis scoring of `classMargin` values. */
function auditOf(
  classMargin: number[],
  planted: PlantedFault[] | null,
  threshold = 2,
  validation: PlantedFault[] = [],
): AuditRecord {
  const ids = classMargin.map((_, i) => `plastic/3000hz/deg036/${String(i).padStart(3, '0')}.wav`);
  const scored = scoreRecordings(
    ids,
    { classMargin },
    {
      signals: ['classMargin'],
      threshold,
      calibration: 'test calibration',
    },
  );
  return {
    detector: scored.detector,
    gradientEpochs: [],
    scoreEpochs: [1, 2, 3],
    gradientPath: null,
    recordings: scored.recordings.map((r) => ({ ...r, source: 'synthetic:1', recordedLabel: 36 })),
    groundTruth: planted === null ? null : { audited: planted, validation },
  };
}

const mislabel = (i: number): PlantedFault => ({
  recordingId: `plastic/3000hz/deg036/${String(i).padStart(3, '0')}.wav`,
  kind: 'mislabel',
  trueLabel: 144,
  recordedLabel: 36,
});

// 10 recordings; 0 and 1 planted and far below the rest, 2 unplanted also low.
const MARGINS = [-5, -4, -3, 1, 1.1, 0.9, 1.2, 0.8, 1.05, 0.95];

describe('evaluateAudit against planted faults, by hand', () => {
  it('precision@k, AP, AUROC and the hypergeometric p-values', () => {
    const e = evaluateAudit(auditOf(MARGINS, [mislabel(0), mislabel(1)]))!;
    expect(e).toMatchObject({
      audited: 10,
      planted: 2,
      precisionAtK: 1,
      auroc: 1,
      averagePrecision: 1,
    });
    // Flagged: robust z of −5, −4, −3 vs median 0.975 / (1.4826·MAD) are all ≥ 2 → 3 flagged, 2 planted.
    expect(e.flagged).toBe(3);
    expect(e.flaggedPlanted).toBe(2);
    // P(X ≥ 2), X ~ Hypergeometric(10, 2, 3) = C(2,2)·C(8,1)/C(10,3) = 8/120.
    expect(e.flaggedTestP).toBeCloseTo(8 / 120, 12);
    // top-2 both planted: 1/C(10,2) = 1/45.
    expect(e.topKTestP).toBeCloseTo(1 / 45, 12);
    const worse = evaluateAudit(auditOf(MARGINS, [mislabel(0), mislabel(5)]))!;
    // margins ascending: −5, −4, −3, 0.8, 0.9 (recording 5) → ranks 1 and 5: AP = ½·1 + ½·(2/5).
    expect(worse.averagePrecision).toBeCloseTo(0.5 + 0.5 * (2 / 5), 12);
    expect(worse.precisionAtK).toBe(0.5);
  });
});

describe('judgeDataAudit (hypothesis 3)', () => {
  it('not tested without an audit, without ground truth (even with flags), or with nothing audited planted', () => {
    expect(judgeDataAudit(undefined)).toMatchObject({ verdict: 'not-tested', reason: 'no-audit' });
    const clean = judgeDataAudit(auditOf(MARGINS, null));
    expect(clean).toMatchObject({
      verdict: 'not-tested',
      reason: 'no-ground-truth',
      flagRate: 0.3,
    });
    expect(judgeDataAudit(auditOf(MARGINS, [], 2, [mislabel(99)]))).toMatchObject({
      verdict: 'not-tested',
      reason: 'nothing-planted-audited',
    });
  });

  it('supported when flags find the planted beyond chance; not supported otherwise', () => {
    // 40 recordings, 4 planted far out → 4 of 4 flagged planted: p = 1/C(40,4).
    const margins = Array.from({ length: 40 }, (_, i) => (i < 4 ? -10 : Math.sin(i)));
    const planted = [0, 1, 2, 3].map(mislabel);
    const supported = judgeDataAudit(auditOf(margins, planted));
    expect(supported.verdict).toBe('supported');
    expect(supported.test).toContain('4 of 4 flagged recordings planted');
    const elsewhere = judgeDataAudit(auditOf(margins, [10, 11, 12, 13].map(mislabel)));
    expect(elsewhere).toMatchObject({ verdict: 'not-supported', reason: 'not-beyond-chance' });
  });

  it('scores unrelated to the planted list: "supported" in at most ~5 % of 2000 trials (the test’s level)', () => {
    const random = uniform(5);
    let supported = 0;
    const trials = 2000;
    for (let t = 0; t < trials; t++) {
      const margins = Array.from(
        { length: 48 },
        () => random() * 2 - 1 + (random() < 0.1 ? -3 : 0),
      );
      const chosen = new Set<number>();
      while (chosen.size < 5) chosen.add(Math.floor(random() * 48));
      if (judgeDataAudit(auditOf(margins, [...chosen].map(mislabel))).verdict === 'supported') {
        supported++;
      }
    }
    // The exact test is conservative: its size is ≤ 5 %; 2000 trials put the binomial sd at 0.5 %.
    expect(supported / trials).toBeLessThanOrEqual(0.05 + 2 * 0.005);
  });
});

describe('readAuditRecord', () => {
  it('accepts what the writer produces; names every defect at once', () => {
    const record = auditOf(MARGINS, [mislabel(0)]);
    const problems: Problem[] = [];
    expect(readAuditRecord(JSON.parse(JSON.stringify(record)), 'audit.json', problems)).toEqual(
      record,
    );
    expect(problems).toEqual([]);
    const broken = JSON.parse(JSON.stringify(record));
    broken.detector.signals = ['vibes'];
    broken.recordings[2].rank = 7;
    broken.recordings[3].score = null;
    broken.groundTruth.audited[0].recordingId = 'not-audited.wav';
    expect(readAuditRecord(broken, 'audit.json', problems)).toBeUndefined();
    expect(problems.map((p) => p.field)).toEqual([
      'detector.signals[0]',
      'recordings[2].rank',
      'recordings[3].score',
      'groundTruth.audited[0].recordingId',
    ]);
  });
});

describe('renderAuditSection', () => {
  it('lists the flagged recordings with their reasons, the metrics and the verdict; the figure renders', async () => {
    const section = renderAuditSection(auditOf(MARGINS, [mislabel(0), mislabel(1)]), {
      figurePath: 'figures/audit-pr.svg',
    });
    const text = section.lines.join('\n');
    expect(text).toContain('## Data audit');
    expect(text).toContain('| 1 | `plastic/3000hz/deg036/000.wav` | 36° |');
    expect(text).toMatch(
      /class margin \(AUM\) \d+\.\d robust SD below the median \| mislabel \(recorded at 144°\)/,
    );
    expect(text).toContain('| 3 | `plastic/3000hz/deg036/002.wav` | 36° |');
    expect(text).toContain('| precision@k (k = 2) | 1.000 |');
    expect(text).toContain('![Precision–recall');
    // 2 of 3 flagged planted among 10 is not beyond chance: p = 8/120 = 0.067.
    expect(text).toContain(
      'Hypothesis 3 (outliers point at problem samples): **not supported** — the flagged recordings do not hold more planted faults than chance (one-sided hypergeometric test: 2 of 3 flagged recordings planted, 2 planted among 10; p = 0.067',
    );
    const chart = await renderChart(section.chart!);
    expect(chart.svg).toContain('<svg');

    const clean = renderAuditSection(auditOf(MARGINS, null));
    expect(clean.chart).toBeNull();
    expect(clean.lines.join('\n')).toContain('**not tested** — nothing was planted');
  });
});

describe('renderReport with audit.json', { timeout: 60_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'ranker-report-audit-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const probes = [5, 10, 15, 20].map((epoch) => ({
    epoch,
    bSimple: 40 - epoch,
    meanCosine: 0.2,
    relativeHalfWidth: 0.02,
  }));
  // 40 recordings, 4 planted far out: every flagged one is planted (p = 1/C(40,4) ≈ 1.1e-5).
  const margins = Array.from({ length: 40 }, (_, i) => (i < 4 ? -10 : Math.sin(i)));

  it('planted: section 5.5 with precision@k, AUROC and the figure; hypothesis 3 supported, in both languages', async () => {
    const runDir = writeRun(root, 'planted', { probes });
    const planted = [0, 1, 2, 3].map(mislabel);
    writeFileSync(join(runDir, 'audit.json'), JSON.stringify(auditOf(margins, planted)));
    writeFileSync(join(runDir, 'planted.json'), JSON.stringify(planted));
    const en = await renderReport(runDir);
    expect(en.partial).toBe(false);
    const text = readFileSync(en.reportPath, 'utf8');
    expect(text).toContain('### 5.5 Data audit');
    expect(text).toContain('#### Recordings to listen to first');
    expect(text).toContain('| precision@k (k = 4) | 1.000 |');
    expect(text).toContain('| AUROC | 1.000 |');
    expect(text).toContain(
      '![Precision–recall of the data audit against the planted faults](audit_precision_recall.png)',
    );
    expect(existsSync(join(en.outDir, 'audit_precision_recall.png'))).toBe(true);
    expect(en.conclusions.dataAudit?.verdict).toBe('supported');
    const section6 = text.slice(text.indexOf('## 6.'));
    expect(section6).toMatch(
      /3\. .*\*\*supported\.\*\* The flagged recordings hold more planted faults than chance \(Data audit, 5\.5\)/,
    );

    // Every number of the section is in summary.json's book, with the text report.md prints.
    const numbers: Record<string, { value: number; text: string }> = JSON.parse(
      readFileSync(en.summaryPath, 'utf8'),
    ).numbers;
    expect(numbers['audit.precisionAtK']).toEqual({ value: 1, text: '1.000', style: 'fixed3' });
    expect(numbers['audit.auroc']).toMatchObject({ value: 1, text: '1.000' });
    expect(numbers['audit.audited']).toMatchObject({ value: 40, text: '40' });
    const section = text.slice(text.indexOf('### 5.5'), text.indexOf('## 6.'));
    const audit = Object.entries(numbers).filter(([key]) => key.startsWith('audit.'));
    expect(audit.length).toBeGreaterThan(20); // recordings' ranks, labels, scores, z; the measures
    for (const [key, { text: printed }] of audit) {
      expect(section.includes(printed), `${key} = ${printed} in section 5.5`).toBe(true);
    }

    const zh = await renderReport(runDir, { lang: 'zh-TW', outDir: join(runDir, 'report-zh') });
    const zhText = readFileSync(zh.reportPath, 'utf8');
    expect(zhText).toContain('### 5.5 資料稽核');
    expect(zhText).toContain('建議優先聆聽的音訊');
    expect(zhText).toContain('| precision@k（k = 4） | 1.000 |');
    expect(JSON.parse(readFileSync(zh.summaryPath, 'utf8')).numbers).toEqual(numbers);
  });

  it('clean data (nothing planted): no claim of problem samples, hypothesis 3 not tested', async () => {
    const runDir = writeRun(root, 'clean', { probes });
    writeFileSync(join(runDir, 'audit.json'), JSON.stringify(auditOf(margins, null)));
    const result = await renderReport(runDir);
    const text = readFileSync(result.reportPath, 'utf8');
    expect(text).toContain('### 5.5 Data audit');
    expect(text).not.toContain('precision@k');
    expect(result.conclusions.dataAudit?.verdict).toBe('not-tested');
    expect(text).toContain('this report does not claim they are problem samples');
    const hypothesis3 = text.split('\n').find((l) => l.startsWith('3. **'));
    expect(hypothesis3).toContain('**not tested.**');
    expect(text.slice(text.indexOf('### 5.5'), text.indexOf('## 6.'))).not.toContain('**supported');
  });

  it('an invalid audit.json makes the report partial and names the field', async () => {
    const runDir = writeRun(root, 'bad', { probes });
    writeFileSync(
      join(runDir, 'audit.json'),
      JSON.stringify({ ...auditOf(margins, null), scoreEpochs: 'x' }),
    );
    const result = await renderReport(runDir);
    expect(result.partial).toBe(true);
    expect(result.problemMessages.join('\n')).toContain('scoreEpochs');
    expect(readFileSync(result.reportPath, 'utf8')).not.toContain('5.5 Data audit');
  });
});
