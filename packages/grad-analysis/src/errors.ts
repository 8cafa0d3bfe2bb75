/** Stable machine-readable reasons a @ranker/grad-analysis call refused its input. */
export type GradAnalysisErrorCode =
  | 'invalid-option'
  | 'wrong-length'
  | 'non-finite'
  | 'invalid-batch-size'
  | 'too-few-batches'
  | 'invalid-groups'
  | 'invalid-input'
  | 'helper-failed'; // add()'s helper thread (threads: 2) failed or stopped answering

/** The one error class of this package: `code` is stable, `message` names the input and what was expected. */
export class GradAnalysisError extends Error {
  readonly code: GradAnalysisErrorCode;

  constructor(code: GradAnalysisErrorCode, message: string) {
    super(message);
    this.name = 'GradAnalysisError';
    this.code = code;
  }
}
