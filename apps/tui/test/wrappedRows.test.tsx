import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { wrappedRows } from '../src/wrappedRows.js';

/** The rows Ink itself draws for the text in a box `width` wide: the reference. */
function inkRows(text: string, width: number): number {
  const app = render(
    <Box width={width}>
      <Text wrap="wrap">{text}</Text>
    </Box>,
  );
  const rows = (app.lastFrame() ?? '').split('\n').length;
  app.unmount();
  return rows;
}

describe('wrappedRows', () => {
  it('counts the rows Ink draws, for the panel texts and random word mixes', () => {
    const texts = [
      '95% one-sided: B_simple ≥ 61.2 pairs (no upper bound: |G|² is not distinguishable from 0 (its 95% percentile interval is -72.1…128), so B_simple is unbounded above: only B_simple ≥ 61.2 is stated)',
      '|G|² 8.833 (loss/param)² · tr(Σ) 3823 (loss/param)²·pairs · B_small 4, B_big 48 pairs',
      'short',
      `${'x'.repeat(100)} tail`,
      `head ${'y'.repeat(170)}`,
    ];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let t = 0; t < 40; t++) {
      const words = Array.from({ length: 5 + Math.floor(random() * 40) }, () =>
        'w'.repeat(1 + Math.floor(random() * 14)),
      );
      texts.push(words.join(' '));
    }
    for (const width of [20, 39, 79]) {
      for (const text of texts)
        expect([text, width, wrappedRows(text, width)]).toEqual([
          text,
          width,
          inkRows(text, width),
        ]);
    }
  });

  it('refuses a width below 1', () => {
    expect(() => wrappedRows('a', 0)).toThrow(/width must be ≥ 1/);
  });
});
