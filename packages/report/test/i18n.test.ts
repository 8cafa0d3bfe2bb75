import { readFileSync } from 'node:fs';
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
      'audit.auroc',
      'gnsColumns.bSimplePerParameter',
      'gnsColumns.epoch',
      'gnsFigure.x',
      'lossFigure.x',
    ]);
  });

  it('keep Simplified and Mainland forms out of the Traditional Chinese catalogue', () => {
    // Issue 18's list and the same check over the rest: Taiwan usage on the right.
    const forms: [string, string][] = [
      ['余弦', '餘弦'],
      ['數據', '資料'],
      ['质量', '品質'],
      ['質量', '品質'],
      ['音頻', '音訊'],
      ['元數據', '詮釋資料'],
      ['噪聲', '雜訊'],
      ['運行', '執行'],
      ['信號', '訊號'],
      ['協方差', '共變異數'],
      ['優化', '最佳化'],
      ['通過', '透過'],
      ['默認', '預設'],
      ['信息', '資訊'],
      ['視頻', '影片'],
      ['網絡', '網路'],
      ['不成立', '未獲支持'], // reads as "refuted" where English says "not supported"
    ];
    // The source text covers every template, including the branches of the functions.
    const source = readFileSync(new URL('../src/i18n/zh-TW.ts', import.meta.url), 'utf8');
    const found = forms
      .filter(([bad]) => source.includes(bad))
      .map(([bad, good]) => `${bad} → ${good}`);
    expect(found).toEqual([]);
    expect(zhTW.verdicts['not-supported']).toBe('未獲支持');
  });
});
