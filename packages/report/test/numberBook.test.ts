import { describe, expect, it } from 'vitest';
import { B_SIMPLE_STYLE, formatBSimple } from '../src/bSimpleFormat.js';
import { formatNumber, NumberBook } from '../src/numberBook.js';

describe('formatNumber', () => {
  it('keeps three significant digits and switches to exponent notation outside [1e-3, 1e5)', () => {
    expect(formatNumber(0.000017, 'sig')).toBe('1.70e-5');
    expect(formatNumber(0.04816, 'sig')).toBe('0.0482');
    expect(formatNumber(-2.34567, 'sig')).toBe('-2.35');
    expect(formatNumber(123456, 'sig')).toBe('1.23e5');
    expect(formatNumber(40, 'sig')).toBe('40');
    expect(formatNumber(0, 'sig')).toBe('0');
    expect(formatNumber(17.5, 'int')).toBe('18');
  });

  it('prints text that Number() parses back to within half a unit of the last digit', () => {
    for (const value of [1.2345e-7, -0.98765, 7.53219, 98765.4, 0.0010001, 4.2e12]) {
      const text = formatNumber(value, 'sig');
      const digits = Math.floor(Math.log10(Math.abs(value))) - 2;
      expect(Math.abs(Number(text) - value)).toBeLessThanOrEqual(0.5 * 10 ** digits * (1 + 1e-12));
    }
  });
});

describe('NumberBook', () => {
  it('records each printed number with its key, value and text', () => {
    const book = new NumberBook();
    expect(book.num('gns.bSimple', 12.345)).toBe('12.3');
    expect(book.num('epoch', 5, 'int')).toBe('5');
    expect(book.toJSON()).toEqual({
      'gns.bSimple': { value: 12.345, text: '12.3', style: 'sig' },
      epoch: { value: 5, text: '5', style: 'int' },
    });
  });

  it('refuses a non-finite number with a message naming its key', () => {
    const book = new NumberBook();
    expect(() => book.num('gns.epoch5.bSimple', Number.NaN)).toThrow(
      expect.objectContaining({
        code: 'NON_FINITE_NUMBER',
        message: expect.stringContaining('gns.epoch5.bSimple'),
      }),
    );
  });
});

describe('formatBSimple', () => {
  it('is the one B_simple format: 3 significant digits, exponent from 1e5, as the report tables print it', () => {
    expect(formatBSimple(4062.3)).toBe('4060');
    expect(formatBSimple(3.6667)).toBe('3.67');
    expect(formatBSimple(123456)).toBe('1.23e5');
    expect(formatBSimple(-27640)).toBe('-27600');
    const book = new NumberBook();
    expect(book.num('x', 4062.3, B_SIMPLE_STYLE)).toBe(formatBSimple(4062.3));
  });
});
