/**
 * G.711 companded samples (ITU-T Recommendation G.711, 1988, tables 1a/2a) expanded to 16-bit
 * linear values, as in the reference `ulaw2linear`/`alaw2linear` of Sun's g711.c (what sox,
 * ffmpeg and Python's `audioop` use): µ-law spans ±32124, A-law ±32256.
 */
export function muLawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4)) - 0x84;
  return u & 0x80 ? -magnitude : magnitude;
}

/** A-law: even bits inverted (XOR 0x55); the sign bit set means positive, unlike µ-law. */
export function aLawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  const segment = (a & 0x70) >> 4;
  let magnitude = (a & 0x0f) << 4;
  if (segment === 0) magnitude += 8;
  else magnitude = (magnitude + 0x108) << (segment - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

/** Lookup tables over all 256 codes: decoding is one array access per sample. */
export const MU_LAW_TABLE = Int16Array.from({ length: 256 }, (_, b) => muLawToLinear(b));
export const A_LAW_TABLE = Int16Array.from({ length: 256 }, (_, b) => aLawToLinear(b));
