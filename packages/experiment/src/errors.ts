/** Stable codes of {@link ExperimentError}; callers branch on these, never on the message. */
export type ExperimentErrorCode =
  | 'PROBE_OUT_OF_ORDER'
  | 'SWEEP_MISMATCH'
  | 'SWEEP_CORRUPT'
  | 'SWEEP_NOT_WRITABLE'
  | 'REDIS_UNREACHABLE'
  | 'BAD_QUEUE_URL'
  | 'WORKER_FAILED';

/** The one error class of @ranker/experiment: a stable `code` and a message naming the input. */
export class ExperimentError extends Error {
  readonly code: ExperimentErrorCode;

  constructor(code: ExperimentErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExperimentError';
    this.code = code;
  }
}
