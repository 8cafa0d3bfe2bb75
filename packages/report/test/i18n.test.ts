import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.js';
import { zhTW } from '../src/i18n/zh-TW.js';

/** Dotted paths of every entry, nested records included. */
function keyPaths(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? keyPaths(v, `${prefix}${k}.`)
      : [`${prefix}${k}`],
  );
}

describe('messages', () => {
  it('have the same keys in English and Traditional Chinese', () => {
    expect(keyPaths(zhTW).sort()).toEqual(keyPaths(en).sort());
  });

  it('have the same number of paragraphs and list items in both languages', () => {
    expect(zhTW.background.length).toBe(en.background.length);
    expect(zhTW.futureStatic.length).toBe(en.futureStatic.length);
    expect(zhTW.purposes('5').length).toBe(en.purposes('5').length);
  });

  it('differ in every prose entry (no string left untranslated)', () => {
    const same = keyPaths(en).filter((path) => {
      const get = (o: object) =>
        path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], o);
      const a = get(en);
      return typeof a === 'string' && a === get(zhTW);
    });
    // Table headings that are pure notation read the same in both languages.
    expect(same.sort()).toEqual([
      'gnsColumns.bSimplePerParameter',
      'gnsColumns.epoch',
      'gnsFigure.x',
      'lossFigure.x',
    ]);
  });
});
