/**
 * Stable machine-readable reasons for a {@link DspError}. Consumers may switch on `code`;
 * the message is for people and names the file, field or index concerned.
 */
export type DspErrorCode =
  | 'BAD_OPTION'
  | 'NOT_FOUND'
  | 'EMPTY_DATASET'
  | 'BAD_FOLDER_NAME'
  | 'BAD_MANIFEST'
  | 'NO_RECORDINGS'
  | 'TOO_FEW_CLASSES'
  | 'BAD_WAV'
  | 'MIXED_SAMPLE_RATES'
  | 'BAD_PLANT';

/** The one error class of `@ranker/dsp`. */
export class DspError extends Error {
  readonly code: DspErrorCode;

  constructor(code: DspErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DspError';
    this.code = code;
  }
}
