/** Stable codes: callers (the CLI, apps/tui) branch on `code`, never on the message. */
export type ReportErrorCode = 'RUN_DIR_NOT_FOUND' | 'BAD_OPTION' | 'NON_FINITE_NUMBER';

/** The one error class of @ranker/report; the message names the input and what was expected. */
export class ReportError extends Error {
  readonly code: ReportErrorCode;
  constructor(code: ReportErrorCode, message: string) {
    super(message);
    this.name = 'ReportError';
    this.code = code;
  }
}
