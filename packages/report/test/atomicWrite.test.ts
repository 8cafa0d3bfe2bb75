import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { writeRun } from './fixtures/runFixture.js';

// The second chart of a render fails, as a crash halfway through drawing would: its SVG
// (main thread) or its PNG (thread pool, while later SVGs are laid out).
let failing: 'svg' | 'png' = 'svg';
const calls = { svg: 0, png: 0 };
vi.mock('../src/charts.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/charts.js')>();
  return {
    ...original,
    chartSvg: async (spec: Parameters<typeof original.chartSvg>[0]) => {
      calls.svg += 1;
      if (failing === 'svg' && calls.svg === 2) throw new Error('simulated crash while drawing');
      return original.chartSvg(spec);
    },
    svgToPng: async (svg: string) => {
      calls.png += 1;
      if (failing === 'png' && calls.png === 2) throw new Error('simulated crash while drawing');
      return original.svgToPng(svg);
    },
  };
});

const { renderReport } = await import('../src/renderReport.js');
const root = mkdtempSync(join(tmpdir(), 'ranker-report-atomic-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a crash while rendering', () => {
  for (const stage of ['svg', 'png'] as const) {
    it(`(${stage}) leaves the previous report untouched and no staging folder behind`, async () => {
      failing = stage;
      calls.svg = 0;
      calls.png = 0;
      const dir = writeRun(root, `run-crash-${stage}`, {
        probes: [{ epoch: 1, bSimple: 9, batches: 4 }],
      });
      const outDir = join(dir, 'report');
      mkdirSync(outDir);
      writeFileSync(join(outDir, 'report.md'), 'previous report\n');
      await expect(renderReport(dir)).rejects.toThrow('simulated crash while drawing');
      expect(readFileSync(join(outDir, 'report.md'), 'utf8')).toBe('previous report\n');
      expect(readdirSync(dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
      expect(existsSync(join(outDir, 'summary.json'))).toBe(false);
    }, 30_000);
  }
});
