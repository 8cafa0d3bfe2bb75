import { formatNumber, type NumberStyle } from './numberBook.js';

/**
 * How B_simple (and its interval bounds, in pairs) is printed everywhere: 3 significant digits,
 * exponent form from 1e5 and below 1e-3 (`formatNumber`'s 'sig'). The one owner of that format:
 * the report's tables and the TUI both use it, so one run reads the same in both.
 */
export const B_SIMPLE_STYLE: NumberStyle = 'sig';

/** B_simple in pairs as text: 4062.3 → '4060', 0.0123 → '0.0123', 123456 → '1.23e5'. */
export function formatBSimple(value: number): string {
  return formatNumber(value, B_SIMPLE_STYLE);
}
