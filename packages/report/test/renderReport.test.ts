import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_SIZE, PNG_SCALE } from '../src/charts.js';
import type { StatedNumber } from '../src/numberBook.js';
import { type ReportResult, renderReport } from '../src/renderReport.js';
import { imageLinks, numberTokens, prose, roundingTolerance } from './fixtures/reportText.js';
import { writeRun } from './fixtures/runFixture.js';

// Rendering is the product here: each language draws 8 charts through vega and resvg (≈2 s on
// the shared 2-core machine), so the renders happen once in beforeAll and the tests read them.
const root = mkdtempSync(join(tmpdir(), 'ranker-report-'));
const runDir = writeRun(root, 'run-fixture', {
  probes: [
    { epoch: 5, bSimple: 40, meanCosine: 0.2, relativeHalfWidth: 0.02 },
    { epoch: 10, bSimple: 31, meanCosine: 0.35, relativeHalfWidth: 0.02, outlierBatches: [3] },
    { epoch: 15, bSimple: 22, meanCosine: 0.5, relativeHalfWidth: 0.02 },
    { epoch: 20, bSimple: 13, meanCosine: 0.65, relativeHalfWidth: 0.02 },
  ],
});
const results: Record<string, ReportResult> = {};

beforeAll(async () => {
  results.en = await renderReport(runDir);
  results['zh-TW'] = await renderReport(runDir, {
    lang: 'zh-TW',
    outDir: join(runDir, 'report-zh-TW'),
  });
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const expectedSize = (name: string) =>
  name.includes('similarities')
    ? CHART_SIZE.heatmap
    : name.includes('tsne')
      ? CHART_SIZE.scatter
      : CHART_SIZE.line;

describe.each(['en', 'zh-TW'])('report (%s)', (lang) => {
  const read = (file: string) => readFileSync(join(results[lang].outDir, file), 'utf8');

  it('writes report.md, summary.json and every figure the issue names', () => {
    const { outDir, partial } = results[lang];
    expect(partial).toBe(false);
    const expected = [
      'gns_vs_epoch',
      'loss',
      ...[5, 10, 15, 20].flatMap((e) => [
        `images/gradient_directions_tsne_epoch_${e}`,
        `images/gradient_similarities_epoch_${e}`,
      ]),
    ];
    for (const name of expected) {
      expect(existsSync(join(outDir, `${name}.png`)), name).toBe(true);
      expect(read(`${name}.svg`)).toMatch(/^<svg/);
    }
    expect(existsSync(join(outDir, 'report.md'))).toBe(true);
  });

  it('draws PNGs of the expected size that are not blank', () => {
    const pngs = results[lang].figures.filter((f) => f.endsWith('.png'));
    expect(pngs).toHaveLength(10);
    for (const file of pngs) {
      const image = PNG.sync.read(readFileSync(file));
      const size = expectedSize(file);
      expect([image.width, image.height], file).toEqual([
        size.width * PNG_SCALE,
        size.height * PNG_SCALE,
      ]);
      let sum = 0;
      let sumSquares = 0;
      for (let i = 0; i < image.data.length; i += 4) {
        const grey = (image.data[i] + image.data[i + 1] + image.data[i + 2]) / 3;
        sum += grey;
        sumSquares += grey * grey;
      }
      const n = image.data.length / 4;
      expect(sumSquares / n - (sum / n) ** 2, file).toBeGreaterThan(100);
    }
  });

  it('links only images that exist, and every figure is linked', () => {
    const links = imageLinks(read('report.md'));
    expect(links).toHaveLength(10);
    for (const link of links) expect(existsSync(join(results[lang].outDir, link)), link).toBe(true);
  });

  it('states only numbers recorded in summary.json, each rounded correctly', () => {
    const markdown = read('report.md');
    const numbers: Record<string, StatedNumber> = JSON.parse(read('summary.json')).numbers;
    const texts = new Set(Object.values(numbers).map((n) => n.text));
    for (const token of numberTokens(prose(markdown)))
      expect(texts, `'${token}' in report.md`).toContain(token);
    for (const [key, stated] of Object.entries(numbers)) {
      expect(markdown, key).toContain(stated.text);
      expect(Math.abs(Number(stated.text) - stated.value), key).toBeLessThanOrEqual(
        roundingTolerance(stated),
      );
    }
    // Spot checks against the planted fixture: the table and the trend.
    expect(numbers['gns.epoch10.bSimple'].value).toBe(31);
    expect(numbers['gns.epoch10.interval.low'].value).toBeCloseTo(31 - 0.62, 12);
    expect(numbers['gnsTrend.slope'].value).toBeCloseTo(-1.8, 12);
  });

  it('marks the hypotheses with the verdicts summary.json records', () => {
    const summary = JSON.parse(read('summary.json'));
    expect(summary.conclusions.gnsDecreases.verdict).toBe('supported');
    expect(summary.conclusions.directionsAlign.verdict).toBe('supported');
    expect(summary.conclusions.outliers.batches).toEqual([
      { epoch: 10, index: 3, similarityZ: -4.2, normZ: 1.1 },
    ]);
  });
});

describe('languages', () => {
  it('states the metadata of config.json and state.json with labels in each language', () => {
    const enText = readFileSync(results.en.reportPath, 'utf8');
    expect(enText).toMatch(/^# Experiment report: `run-fixture`$/m);
    expect(enText).toContain(
      '- **Backend used:** `cpu` (`no native TensorFlow binding installed`)',
    );
    expect(enText).toContain(
      '- Split: 48 training samples, 6 validation samples (stratified by angle).',
    );
    const zhText = readFileSync(results['zh-TW'].reportPath, 'utf8');
    expect(zhText).toMatch(/^# 實驗報告：`run-fixture`$/m);
    expect(zhText).toContain('- **狀態：**已完成');
  });

  it('keeps English prose out of the zh-TW report', () => {
    const text = prose(readFileSync(results['zh-TW'].reportPath, 'utf8'));
    const terms = /loss\/param|tr\(Σ\)|t-SNE|B_simple|GNS|JSON|NaN|Infinity|KL|MAD|[Ee]poch/g;
    expect(text.replace(terms, ' ').match(/[A-Za-z]{2,}/g)).toBeNull();
  });

  it('keeps Chinese out of the English report', () => {
    expect(readFileSync(results.en.reportPath, 'utf8')).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('follows the seed structure: sections 1–6 in order in both languages', () => {
    for (const result of Object.values(results)) {
      const headings = readFileSync(result.reportPath, 'utf8').match(/^## \d\./gm);
      expect(headings).toEqual(['## 1.', '## 2.', '## 3.', '## 4.', '## 5.', '## 6.']);
    }
  });
});

describe('atomic replacement', () => {
  it('replaces an existing report as a whole and leaves no staging folder behind', async () => {
    const outDir = results.en.outDir;
    const before = readFileSync(join(outDir, 'report.md'), 'utf8');
    const again = await renderReport(runDir, { outDir });
    expect(readFileSync(again.reportPath, 'utf8')).toBe(before);
    expect(readdirSync(dirname(outDir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  }, 60_000);
});
