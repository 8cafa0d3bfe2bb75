const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A file name's bytes as text: valid UTF-8 decoded, every other byte shown as `\xNN` (the way
 * `ls --quoting-style=escape` and Python's surrogateescape show it), so a message can name a file
 * whose name is not UTF-8 without turning it into a different name (U+FFFD) that does not exist.
 */
export function escapeFileName(bytes: Uint8Array): { text: string; utf8: boolean } {
  try {
    return { text: STRICT_UTF8.decode(bytes), utf8: true };
  } catch {
    let text = '';
    let i = 0;
    while (i < bytes.length) {
      const length = sequenceLength(bytes[i]);
      const sequence = bytes.subarray(i, i + length);
      const decoded = length > 0 && sequence.length === length ? tryDecode(sequence) : null;
      if (decoded === null) {
        text += `\\x${bytes[i].toString(16).toUpperCase().padStart(2, '0')}`;
        i += 1;
      } else {
        text += decoded;
        i += length;
      }
    }
    return { text, utf8: false };
  }
}

/** Bytes of a UTF-8 sequence from its lead byte (RFC 3629 §3); 0 for a byte that cannot lead. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function tryDecode(sequence: Uint8Array): string | null {
  try {
    return STRICT_UTF8.decode(sequence);
  } catch {
    return null;
  }
}
