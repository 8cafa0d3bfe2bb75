/**
 * Stable machine-readable reasons for a {@link DspError}. Consumers may switch on `code`;
 * the message is for people and names the file, field or index concerned.
 */
export type DspErrorCode =
  | 'BAD_OPTION'
  | 'NOT_FOUND'
  | 'PERMISSION_DENIED'
  | 'EMPTY_DATASET'
  | 'BAD_FOLDER_NAME'
  | 'BAD_FILE_NAME'
  | 'BAD_SYMLINK'
  | 'BAD_MANIFEST'
  | 'NO_RECORDINGS'
  | 'TOO_FEW_CLASSES'
  | 'BAD_WAV'
  | 'UNSUPPORTED_ENCODING'
  | 'NON_FINITE_SAMPLES'
  | 'RECORDING_TOO_SHORT'
  | 'WINDOW_START_PAST_END'
  | 'IO_ERROR'
  | 'BAD_RECORDINGS'
  | 'MIXED_SAMPLE_RATES'
  | 'BAD_PLANT';

/** One bad file or folder among many: what {@link DspError.problems} lists. */
export interface RecordingProblem {
  /** The file or folder concerned (non-UTF-8 bytes shown as `\xNN`). */
  path: string;
  /** Why, as the code a single error about it would carry. */
  code: DspErrorCode;
  /** Starts with `path`, then the cause and what was expected. */
  message: string;
}

/** The one error class of `@ranker/dsp`. */
export class DspError extends Error {
  readonly code: DspErrorCode;
  /** Every bad file or manifest row found ('BAD_RECORDINGS', 'BAD_MANIFEST'); else empty. */
  readonly problems: RecordingProblem[];

  constructor(
    code: DspErrorCode,
    message: string,
    options?: { cause?: unknown; problems?: RecordingProblem[] },
  ) {
    super(message, options);
    this.name = 'DspError';
    this.code = code;
    this.problems = options?.problems ?? [];
  }
}

/** A problem about one path, to be collected and reported with the others. */
export function problem(path: string, code: DspErrorCode, reason: string): RecordingProblem {
  return { path, code, message: `${path}: ${reason}` };
}

/**
 * Throws one error (default code 'BAD_RECORDINGS') listing every problem (one line each, by path), so a folder with
 * five bad files is fixed in one pass; does nothing when there are none.
 */
export function throwProblems(
  problems: RecordingProblem[],
  what: string,
  code: DspErrorCode = 'BAD_RECORDINGS',
): void {
  if (problems.length === 0) return;
  problems.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true })); // line 9 < line 10
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  throw new DspError(
    code,
    `${what}: ${count}\n${problems.map((p) => `  - ${p.message}`).join('\n')}`,
    { problems },
  );
}

/**
 * The problem a failed file-system call stands for: a missing path, a permission refused (the
 * process's user may not read it), or any other error with its own code and message; the path is
 * always named (Node's ENOSPC/EIO messages omit it).
 */
export function fileSystemProblem(path: string, error: unknown, doing: string): RecordingProblem {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return problem(path, 'NOT_FOUND', `cannot ${doing}: no such file or folder`);
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return problem(
      path,
      'PERMISSION_DENIED',
      `cannot ${doing}: permission denied (${code}); expected it to be readable by this user`,
    );
  }
  if (code === 'ELOOP') {
    return problem(path, 'BAD_SYMLINK', `cannot ${doing}: symbolic link loop (ELOOP)`);
  }
  const detail = (error as Error)?.message ?? String(error);
  return problem(path, 'IO_ERROR', `cannot ${doing} (${detail})`);
}
