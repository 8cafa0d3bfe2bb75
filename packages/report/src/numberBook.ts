import { ReportError } from './errors.js';

/**
 * How a number is printed: `int` rounds to an integer, `sig` keeps 3 significant digits,
 * `fixed1`–`fixed3` keep that many decimals, `p` is a p-value (3 decimals; exponent form, one
 * decimal, below 0.001).
 */
export type NumberStyle = 'int' | 'sig' | 'fixed1' | 'fixed2' | 'fixed3' | 'p';

export interface StatedNumber {
  value: number;
  text: string;
  style: NumberStyle;
}

/**
 * Prints numbers and remembers each one under a key, so summary.json holds exactly the numbers
 * report.md states (value and printed text) and a test can check the two agree.
 */
export class NumberBook {
  readonly entries = new Map<string, StatedNumber>();

  /** Format `value` and record it under `key` (same key twice must carry the same value). */
  num(key: string, value: number, style: NumberStyle = 'sig'): string {
    if (!Number.isFinite(value)) {
      throw new ReportError('NON_FINITE_NUMBER', `number '${key}' is ${value}; expected finite`);
    }
    const text = formatNumber(value, style);
    this.entries.set(key, { value, text, style });
    return text;
  }

  toJSON(): Record<string, StatedNumber> {
    return Object.fromEntries(this.entries);
  }
}

/** Plain-ASCII text that `Number()` parses back: '12', '0.482', '-3.1', '1.70e-5'. */
export function formatNumber(value: number, style: NumberStyle): string {
  if (style === 'int') return String(Math.round(value));
  if (style === 'p') return value < 0.001 ? value.toExponential(1) : value.toFixed(3);
  if (style !== 'sig') return value.toFixed(Number(style.slice('fixed'.length)));
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e5) return value.toExponential(2).replace('e+', 'e');
  return String(Number(value.toPrecision(3)));
}
