import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import {
  chartSvg,
  heatmapSpec,
  RESVG_OPTIONS,
  svgToPng,
  withoutInvisibleText,
} from '../src/charts.js';
import { MESSAGES } from '../src/i18n/index.js';
import { plantedProbe } from './fixtures/runFixture.js';

const texts = (svg: string) => svg.match(/<text /g)?.length ?? 0;

describe('the PNG leaves out text drawn at opacity 0', () => {
  it('draws the same pixels as resvg given the whole SVG', async () => {
    // 40 batches: vega hides most axis labels (opacity 0) so the visible ones do not overlap.
    const matrix = plantedProbe({ epoch: 5, bSimple: 20, batches: 40 }).probe.similarity.matrix;
    const labels = MESSAGES.en.similarityFigure;
    const svg = await chartSvg(heatmapSpec(matrix, { ...labels, title: labels.title('5') }));
    const hidden = svg.match(/<text [^>]* opacity="0"/g)?.length ?? 0;
    expect(hidden).toBeGreaterThan(20);
    const stripped = withoutInvisibleText(svg);
    expect(texts(stripped)).toBe(texts(svg) - hidden);
    expect(stripped).not.toContain('opacity="0"');

    const whole = new Resvg(svg, RESVG_OPTIONS).render();
    const png = await svgToPng(svg);
    expect([png.width, png.height]).toEqual([whole.width, whole.height]);
    expect(png.png.equals(whole.asPng())).toBe(true);
  }, 30_000);

  it('keeps visible text, text with tspans and other elements at opacity 0', () => {
    const svg = [
      '<text x="1" opacity="1">a</text>',
      '<text x="2" opacity="0"><tspan>b</tspan></text>',
      '<text x="3" fill-opacity="0">c</text>',
      '<path d="M0,0h1" opacity="0"></path>',
      '<text x="4" opacity="0">d</text>',
    ].join('');
    expect(withoutInvisibleText(svg)).toBe(
      [
        '<text x="1" opacity="1">a</text>',
        '<text x="2" opacity="0"><tspan>b</tspan></text>',
        '<text x="3" fill-opacity="0">c</text>',
        '<path d="M0,0h1" opacity="0"></path>',
      ].join(''),
    );
  });
});
