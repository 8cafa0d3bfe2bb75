/**
 * The one error class of the terminal app. `code` is stable (tests and scripts match on it);
 * the message names the flag, file or field at fault and what was expected.
 */
export class TuiError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'TuiError';
    this.code = code;
  }
}
