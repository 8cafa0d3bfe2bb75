/** Stable codes of {@link TrainerError}; callers branch on these, never on the message. */
export type TrainerErrorCode =
  | 'INVALID_CONFIG'
  | 'OUT_DIR_NOT_WRITABLE'
  | 'RUN_EXISTS'
  | 'RUN_NOT_FOUND'
  | 'RUN_NOT_STARTED'
  | 'RUN_CORRUPT'
  | 'RUN_LOCKED'
  | 'RUN_IO_FAILED'
  | 'INSUFFICIENT_SPACE'
  | 'INVALID_PATH'
  | 'INVALID_DATASET'
  | 'LISTENER_FAILED'
  | 'TRAINING_FAILED'
  | 'ALREADY_STARTED';

/** The one error class of @ranker/trainer: a stable `code` and a message naming the input. */
export class TrainerError extends Error {
  readonly code: TrainerErrorCode;

  constructor(code: TrainerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrainerError';
    this.code = code;
  }
}
