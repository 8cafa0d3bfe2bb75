import { describe, expect, it } from 'vitest';
import { escapeFileName } from '../src/file-name.js';

describe('escapeFileName', () => {
  it('keeps valid UTF-8 and shows every other byte as \\xNN', () => {
    expect(escapeFileName(Buffer.from('deg036/é 音.wav'))).toEqual({
      text: 'deg036/é 音.wav',
      utf8: true,
    });
    // 'c', é (C3 A9, valid), FF (never valid), E2 82 (a 3-byte sequence cut short), 'A'
    const bytes = Uint8Array.from([0x63, 0xc3, 0xa9, 0xff, 0xe2, 0x82, 0x41]);
    expect(escapeFileName(bytes)).toEqual({ text: 'cé\\xFF\\xE2\\x82A', utf8: false });
    // Latin-1 'café' and an overlong encoding of '/' (C0 AF, forbidden by RFC 3629)
    expect(escapeFileName(Uint8Array.from([0x63, 0x61, 0x66, 0xe9])).text).toBe('caf\\xE9');
    expect(escapeFileName(Uint8Array.from([0xc0, 0xaf])).text).toBe('\\xC0\\xAF');
  });
});
