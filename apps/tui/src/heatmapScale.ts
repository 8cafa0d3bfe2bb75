/**
 * The fixed scale of the cosine-similarity heatmap. Cosines live in [-1, 1]; the scale is fixed
 * (not stretched to the matrix's range) so that the same glyph means the same cosine in every
 * probe, and finer near 1 where the seed's batch gradients sit. The glyph alone carries sign and
 * magnitude (lines for negative, shades for positive, denser = larger |cosine|), so the map reads
 * in monochrome, with NO_COLOR and with red-green colour blindness; the colours (blue negative,
 * yellow positive) only repeat the sign.
 */
export interface ScaleBin {
  low: number; // inclusive lower edge (the first bin also takes everything below)
  glyph: string;
  color: string; // Ink/chalk colour name
}

export const COSINE_SCALE: readonly ScaleBin[] = [
  { low: -1, glyph: '=', color: 'blue' },
  { low: -0.5, glyph: '-', color: 'blue' },
  { low: -0.1, glyph: '·', color: 'gray' },
  { low: 0.1, glyph: '░', color: 'yellow' },
  { low: 0.5, glyph: '▒', color: 'yellow' },
  { low: 0.8, glyph: '▓', color: 'yellow' },
  { low: 0.95, glyph: '█', color: 'yellow' },
];

/**
 * An undefined cosine (null: a zero gradient has no direction; NaN from older files): a glyph and
 * colour outside the scale, so it never reads as a measured value such as 0 ('·').
 */
export const UNDEFINED_BIN: ScaleBin = { low: Number.NaN, glyph: '?', color: 'magenta' };

/** Its legend text. */
export const UNDEFINED_LEGEND = 'undefined (zero gradient)';

/** The bin a cosine falls in; null or NaN get UNDEFINED_BIN. */
export function cosineBin(value: number | null): ScaleBin {
  if (value === null || Number.isNaN(value)) return UNDEFINED_BIN;
  let bin = COSINE_SCALE[0];
  for (const candidate of COSINE_SCALE) if (value >= candidate.low) bin = candidate;
  return bin;
}

/** Legend entries: the glyph and the half-open interval of cosines it stands for. */
export function scaleLegend(): { glyph: string; color: string; range: string }[] {
  return COSINE_SCALE.map((bin, i) => {
    const high = COSINE_SCALE[i + 1]?.low ?? 1;
    const closing = i === COSINE_SCALE.length - 1 ? ']' : ')';
    return { glyph: bin.glyph, color: bin.color, range: `[${bin.low}, ${high}${closing}` };
  });
}
