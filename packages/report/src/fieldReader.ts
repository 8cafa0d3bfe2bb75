import type { Expectation, Problem } from './problems.js';

type Json = unknown;

/** Short rendering of a bad value for a problem message. */
export function describeValue(value: Json): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks fields of one parsed file, recording a Problem for each defect. Each check returns the
 * value when valid and undefined otherwise, so callers can go on and collect every defect.
 */
export class FieldReader {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {}

  private fail(field: string, expected: Expectation, value: Json): undefined {
    this.problems.push({
      kind: value === undefined ? 'missing-field' : 'invalid-field',
      file: this.file,
      field,
      expected,
      got: describeValue(value),
    });
    return undefined;
  }

  finite(value: Json, field: string): number | undefined {
    return typeof value === 'number' && Number.isFinite(value)
      ? value
      : this.fail(field, 'finite-number', value);
  }

  positiveInteger(value: Json, field: string): number | undefined {
    return Number.isInteger(value) && (value as number) > 0
      ? (value as number)
      : this.fail(field, 'positive-integer', value);
  }

  /** Any positive finite number (a batch size may be a harmonic mean, e.g. 3.667). */
  positiveNumber(value: Json, field: string): number | undefined {
    return typeof value === 'number' && Number.isFinite(value) && value > 0
      ? value
      : this.fail(field, 'positive-number', value);
  }

  string(value: Json, field: string): string | undefined {
    return typeof value === 'string' ? value : this.fail(field, 'string', value);
  }

  boolean(value: Json, field: string): boolean | undefined {
    return typeof value === 'boolean' ? value : this.fail(field, 'boolean', value);
  }

  object(value: Json, field: string): Record<string, Json> | undefined {
    return isObject(value) ? value : this.fail(field, 'object', value);
  }

  array(value: Json, field: string): Json[] | undefined {
    return Array.isArray(value) ? value : this.fail(field, 'array', value);
  }

  /** Every element finite; reports the first bad index. */
  finiteArray(value: Json, field: string, length?: number): number[] | undefined {
    const items = this.array(value, field);
    if (!items) return undefined;
    if (length !== undefined && items.length !== length) {
      return this.fail(`${field}.length`, 'positive-integer', items.length);
    }
    for (let i = 0; i < items.length; i++) {
      if (this.finite(items[i], `${field}[${i}]`) === undefined) return undefined;
    }
    return items as number[];
  }

  /** An n × n matrix of finite numbers. */
  squareMatrix(value: Json, field: string, n: number): number[][] | undefined {
    const rows = this.array(value, field);
    if (!rows) return undefined;
    if (rows.length !== n) return this.fail(field, 'square-matrix', `${rows.length} rows`);
    for (let i = 0; i < n; i++) {
      if (!this.finiteArray(rows[i], `${field}[${i}]`, n)) return undefined;
    }
    return rows as number[][];
  }
}
