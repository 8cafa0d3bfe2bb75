import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitCriticalBatch } from '@ranker/grad-analysis';
import { afterAll, describe, expect, it } from 'vitest';
import { renderComparison } from '../src/comparison/renderComparison.js';
import type { SweepCellResult } from '../src/comparison/sweepInput.js';
import { plantedCell, sweepInput } from './fixtures/sweepFixture.js';

const root = mkdtempSync(join(tmpdir(), 'comparison-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * 2 frequencies × 4 batch sizes × 2 seeds. Steps to the target (accuracy ≥ 0.9, reached at epoch
 * 2) lie on eq. 2.11's curve S = 100 + 800/B (B_crit = 8) ± 3 steps (seed 1 +3, seed 2 −3), so the
 * least-squares line through the per-B means is exact: S_min = 100, E_min = 800. B_simple is
 * 8 ± 0.5 at 1000 Hz and 100 ± 5 at 3000 Hz. One 3000 Hz run at B = 16 never reaches the target.
 */
function plantedSweep(): SweepCellResult[] {
  const cells: SweepCellResult[] = [];
  for (const frequency of [1000, 3000]) {
    for (const batchSize of [2, 4, 8, 16]) {
      for (const seed of [1, 2]) {
        const s = 100 + 800 / batchSize + (seed === 1 ? 3 : -3);
        const censored = frequency === 3000 && batchSize === 16 && seed === 2;
        const b = frequency === 1000 ? (seed === 1 ? 7.5 : 8.5) : seed === 1 ? 95 : 105;
        const spearman = frequency === 1000 ? (seed === 1 ? 0.8 : 0.81) : seed === 1 ? 0.6 : 0.62;
        cells.push(
          plantedCell({
            parameters: { frequency, 'batch-size': batchSize },
            seed,
            batchSize,
            steps: [Math.floor(s / 2), s, s + Math.floor(s / 2)],
            accuracy: censored ? [0.6, 0.8, 0.85] : [0.7, 0.92, 0.95],
            spearman: [0.3, 0.5, spearman],
            bSimple: [b, b, b],
            meanCosine: frequency === 1000 ? (seed === 1 ? 0.6 : 0.4) : seed === 1 ? 0.56 : 0.46,
          }),
        );
      }
    }
  }
  return cells;
}

async function render(cells: SweepCellResult[], name: string, lang: 'en' | 'zh-TW' = 'en') {
  const outDir = join(root, name, 'comparison');
  const result = await renderComparison(sweepInput(cells), outDir, { lang });
  return {
    result,
    markdown: readFileSync(result.reportPath, 'utf8'),
    json: JSON.parse(readFileSync(join(outDir, 'comparison.json'), 'utf8')),
    outDir,
  };
}

describe('renderComparison on a planted sweep (en)', async () => {
  const { result, markdown, json, outDir } = await render(plantedSweep(), 'planted');

  it('is complete (not partial) and writes report.md, comparison.json and the figure', () => {
    expect(result.partial).toBe(false);
    expect(result.problems).toEqual([]);
    expect(markdown).not.toContain('Partial report');
    expect(readFileSync(join(outDir, 'bsimple_vs_epoch.png')).subarray(1, 4).toString()).toBe(
      'PNG',
    );
    expect(readFileSync(join(outDir, 'bsimple_vs_epoch.svg'), 'utf8')).toContain('<svg');
    expect(markdown).toContain(
      '![B_simple over epochs, every run, by condition](bsimple_vs_epoch.png)',
    );
    expect(markdown).toContain(
      'Intervals as recorded by the probes: `95% percentile bootstrap over batches`.',
    );
  });

  it('per condition: final Spearman ρ, accuracy, loss, B_simple and cosine as mean ± sd over seeds', () => {
    // Spearman 0.80, 0.81: mean 0.805, sd √(2·0.005²) = 0.00707; B_simple 7.5, 8.5: 8 ± 0.707;
    // accuracy 0.95 both: sd 0; loss 1 − 0.95 = 0.05; cosine 0.6, 0.4: 0.5 ± 0.141.
    expect(markdown).toContain(
      '| `batch-size=2, frequency=1000` | 2 | 0.805 ± 0.00707 (n = 2) | 0.95 ± 0 (n = 2) | 0.05 ± 0 (n = 2) | 8 ± 0.707 (n = 2) | 0.5 ± 0.141 (n = 2) |',
    );
    expect(markdown).toContain(
      '- `batch-size=2, frequency=1000`: `tone 1000 Hz, plastic reflector`',
    );
  });

  it('batch size: steps and examples to the target per batch size, censored runs listed, not dropped', () => {
    // B = 2: S = 503 and 497 → 500 ± 4.24; E = 2·S → 1000 ± 8.49.
    expect(markdown).toContain(
      '| 2 | 2 | 2 | 500 ± 4.24 (n = 2) | 1000 ± 8.49 (n = 2) | 8 ± 0.707 (n = 2) |',
    );
    // 3000 Hz, B = 16: one run reached (S = 153, E = 2448 printed to 3 digits), the other is
    // censored at 3 epochs (S = 147 + 73 = 220, E = 16·220).
    expect(markdown).toContain('| 16 | 2 | 1 | 153 (n = 1, no sd) | 2450 (n = 1, no sd) |');
    expect(markdown).toContain(
      '- `frequency=3000,batch-size=16,seed=2`: target not reached in 3 epochs (censored: S > 220 steps, E > 3520 pairs).',
    );
    expect(markdown).toContain('validation pairwise accuracy is ≥ 0.9');
  });

  it('batch size: the eq. 2.11 fit recovers the planted B_crit = 8 and sets B_simple beside it', () => {
    const group = json.batchSizeGroups.find((g: { key: string }) => g.key === 'frequency=1000');
    expect(group.fit.status).toBe('ok');
    expect(group.fit.sMin).toBeCloseTo(100, 9);
    expect(group.fit.eMin).toBeCloseTo(800, 9);
    expect(group.fit.bCrit).toBeCloseTo(8, 9);
    // The same runs through the fit directly (the 8 points, ± 3 steps).
    const direct = fitCriticalBatch(
      [2, 4, 8, 16].flatMap((b) =>
        [3, -3].map((d) => ({ batchSize: b, steps: 100 + 800 / b + d })),
      ),
    );
    expect(group.fit.interval.low).toBeCloseTo(direct.interval?.low as number, 12);
    const low = json.numbers['batchSize.0.fit.interval.low'].text;
    const high = json.numbers['batchSize.0.fit.interval.high'].text;
    expect(markdown).toContain(
      `B_crit = E_min/S_min = 8 pairs per step, 95% interval ${low} – ${high}`,
    );
    expect(markdown).toContain(
      '**Does the noise scale predict the critical batch here? Consistent: the measured B_simple 8 pairs lies inside the interval of B_crit (B_crit/B_simple = 1);',
    );
    // 3000 Hz: B_simple 100 vs B_crit near 8: outside.
    const other = json.batchSizeGroups.find((g: { key: string }) => g.key === 'frequency=3000');
    expect(other.verdict).toBe('outside');
    // All reach the target in epoch 2, but with different examples (E = B·S from 1000 to 2448
    // pairs): no resolution warning.
    expect(json.batchSizeGroups[0].sameTargetEpoch).toBeNull();
    expect(markdown).not.toContain('did so in epoch');
    expect(markdown).toMatch(
      /No: the measured B_simple 100 pairs lies outside the interval of B_crit/,
    );
  });

  it('frequency: a difference is called only where Welch’s test supports it', () => {
    // B_simple 7.5, 8.5 vs 95, 105: t = −92/√(0.25 + 25) = −18.3 on 25.25²/(0.25²+25²) = 1.02 df
    // (critical t₀.₉₇₅(1.02) ≈ 12.1): called.
    expect(markdown).toMatch(
      /\| `batch-size=2` \| B_simple \(pairs\) \| 8 ± 0.707 \(n = 2\) \| 100 ± 7.07 \(n = 2\) \| t = -18.3 \(df 1.02; 12.1\) \| `frequency=3000` has the higher B_simple \(the other: more consistent gradients\) \|/,
    );
    // Mean cosine 0.6, 0.4 vs 0.56, 0.46: t = −0.01/√(0.01 + 0.0025) = −0.0894, not called.
    expect(markdown).toMatch(
      /\| `batch-size=2` \| Mean cosine \| 0.5 ± 0.141 \(n = 2\) \| 0.51 ± 0.0707 \(n = 2\) \| t = -0.0894 .* \| cannot tell \(the difference is within the noise between seeds\) \|/,
    );
    expect(markdown).toMatch(/`frequency=1000` has the higher Spearman ρ \(better ranking\)/);
    expect(markdown).toContain("Welch's unequal-variance t-test over seeds, two-sided at 95%");
    expect(markdown).toContain(
      '**Physical differences between the conditions (`frequency`), from the generator:**',
    );
  });

  it('comparison.json holds every number report.md states, as printed', () => {
    const entries = Object.entries(json.numbers) as [string, { value: number; text: string }][];
    expect(entries.length).toBeGreaterThan(100);
    for (const [key, n] of entries) {
      // 3 significant digits (or the integer).
      expect(Math.abs(Number(n.text) - n.value), key).toBeLessThanOrEqual(
        0.005 * Math.abs(n.value) +
          0.5 * Number(Number.isInteger(Number(n.text)) && Math.abs(n.value) >= 1),
      );
      expect(markdown, key).toContain(n.text);
    }
  });
});

describe('renderComparison on the smallest sweep (1000, 3000 Hz × B = 2, 4 × 1 seed)', async () => {
  const cells = [1000, 3000].flatMap((frequency) =>
    [2, 4].map((batchSize) =>
      plantedCell({
        parameters: { frequency, 'batch-size': batchSize },
        seed: 1,
        batchSize,
        steps: [200 / batchSize, 400 / batchSize],
        accuracy: [0.8, 0.91],
        bSimple: [5, 4],
      }),
    ),
  );

  it('says plainly that the data cannot tell (no degrees of freedom, one seed)', async () => {
    const { markdown, json } = await render(cells, 'small');
    expect(json.batchSizeGroups[0].fit.status).toBe('undefined');
    expect(markdown).toContain(
      'B_crit: the data cannot tell (2 runs for 2 parameters leave no degrees of freedom',
    );
    expect(markdown).toContain('The data cannot tell: there is no B_crit to compare with.');
    expect(markdown).toContain('cannot tell (fewer than 2 runs on a side)');
    expect(markdown).toContain('(n = 1, no sd)');
    // Both batch sizes reach the target in epoch 2: E = 400 pairs for both, S ∝ 1/B.
    expect(markdown).toContain(
      'Every run that reached the target did so in epoch 2. The target is checked once per epoch',
    );
  });

  it('renders in Traditional Chinese (Taiwan usage) with the same numbers', async () => {
    const en = await render(cells, 'small-en');
    const zh = await render(cells, 'small-zh', 'zh-TW');
    expect(zh.markdown).toContain('# 參數掃描比較：`sweep-test`');
    expect(zh.markdown).toContain('## 1. 各條件結果');
    expect(zh.markdown).toContain('## 2. 批次大小');
    expect(zh.markdown).toContain('## 3. 頻率與材質');
    expect(zh.markdown).toContain('B_crit：資料無法判斷（');
    expect(zh.markdown).toContain('無法判斷（某一側少於 2 次訓練）');
    for (const simplified of ['数据', '余弦', '质量', '音频', '频率', '批次大小']) {
      if (simplified === '批次大小') continue;
      expect(zh.markdown).not.toContain(simplified);
    }
    expect(zh.json.numbers).toEqual(en.json.numbers);
  });
});

describe('renderComparison on the planted sweep in zh-TW', async () => {
  const en = await render(plantedSweep(), 'planted-en-2');
  const zh = await render(plantedSweep(), 'planted-zh', 'zh-TW');

  it('states every section in Traditional Chinese with the same numbers as en', () => {
    expect(zh.json.numbers).toEqual(en.json.numbers);
    expect(zh.markdown).toContain(
      '| `batch-size=2, frequency=1000` | 2 | 0.805 ± 0.00707（n = 2） | 0.95 ± 0（n = 2） |',
    );
    expect(zh.markdown).toContain('B_crit = E_min/S_min = 每步 8 個排序對，95% 信賴區間');
    expect(zh.markdown).toContain('一致：量測到的 B_simple 8 個排序對落在 B_crit 的信賴區間內');
    expect(zh.markdown).toContain('`frequency=3000` 的 B_simple 較高（另一方梯度較一致）');
    expect(zh.markdown).toContain('無法判斷（差異在隨機種子間的雜訊範圍內）');
    expect(zh.markdown).toContain('3 個 epoch 內未達目標');
    expect(zh.markdown).toContain(
      '![各次訓練的 B_simple 隨 epoch 變化（依條件著色）](bsimple_vs_epoch.png)',
    );
  });
});
