/**
 * The one error class of @ranker/model. `code` is stable (tests and callers switch on it);
 * the message names the step, field or index and what was expected.
 */
export type ModelErrorCode =
  | 'INVALID_CONFIG'
  | 'INVALID_BATCH'
  | 'NAN_INPUT'
  | 'NAN_LOSS'
  | 'BACKEND_UNAVAILABLE'
  | 'CHECKPOINT_INVALID'
  | 'CHECKPOINT_CORRUPT'
  | 'OPTIMISER_FAILED'
  | 'DISPOSED'
  | 'INVALID_TENSOR';

export class ModelError extends Error {
  readonly code: ModelErrorCode;

  constructor(code: ModelErrorCode, message: string) {
    super(message);
    this.name = 'ModelError';
    this.code = code;
  }
}
