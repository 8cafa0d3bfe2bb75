import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DspError, fileSystemProblem } from './errors.js';
import {
  type ByteReader,
  type DecodedWav,
  readWavFrames,
  readWavHeader,
  type WavHeader,
} from './wav.js';

/** A file opened for random access; `close` releases the descriptor. */
export interface FileByteReader extends ByteReader {
  close(): void;
}

/** How files are opened: `openFile` by default; tests pass a counting one. */
export type OpenFile = (path: string) => FileByteReader;

/** An open WAV file: its header, and frames read on demand. */
export interface WavFile {
  header: WavHeader;
  /** Mono samples of frames [start, end), reading only their bytes (see `readWavFrames`). */
  read(start?: number, end?: number): Float32Array;
  close(): void;
}

/**
 * Opens a file for positional reads (`fs.readSync` at an offset), so a long recording is never
 * read whole. Errors name the path and keep their cause ('NOT_FOUND', 'PERMISSION_DENIED',
 * 'IO_ERROR').
 */
export function openFile(path: string): FileByteReader {
  let fd: number;
  let size: number;
  try {
    fd = openSync(path, 'r');
    size = fstatSync(fd).size;
  } catch (error) {
    throw asDspError(path, error, 'read the file');
  }
  return {
    size,
    read(position, length) {
      const buffer = new Uint8Array(Math.max(0, Math.min(length, size - position)));
      let done = 0;
      try {
        while (done < buffer.length) {
          const n = readSync(fd, buffer, done, buffer.length - done, position + done);
          if (n === 0) break;
          done += n;
        }
      } catch (error) {
        throw asDspError(path, error, 'read the file');
      }
      return buffer.subarray(0, done);
    },
    close: () => closeSync(fd),
  };
}

/** Opens a WAV file and reads its header (see `readWavHeader`); the caller closes it. */
export function openWav(path: string, open: OpenFile = openFile): WavFile {
  const reader = open(path);
  try {
    const header = readWavHeader(reader, path);
    return {
      header,
      read: (start, end) => readWavFrames(reader, header, start, end),
      close: () => reader.close(),
    };
  } catch (error) {
    reader.close();
    throw error;
  }
}

/** Reads and decodes a whole WAV file (see `decodeWav`); errors name the path. */
export async function readWav(path: string): Promise<DecodedWav> {
  const wav = openWav(path);
  try {
    const { sampleRateHz, channels, encoding, bitsPerSample } = wav.header;
    return { samples: wav.read(), sampleRateHz, channels, encoding, bitsPerSample };
  } finally {
    wav.close();
  }
}

function asDspError(path: string, error: unknown, doing: string): DspError {
  const { code, message } = fileSystemProblem(path, error, doing);
  return new DspError(code, message, { cause: error });
}
