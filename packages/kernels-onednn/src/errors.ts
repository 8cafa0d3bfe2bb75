/** Why a oneDNN kernel refused its input; `code` is stable for programmatic handling. */
export class OneDnnError extends Error {
  readonly code: 'INVALID_TENSOR' | 'NATIVE_FAILURE';

  constructor(code: OneDnnError['code'], message: string) {
    super(message);
    this.name = 'OneDnnError';
    this.code = code;
  }
}
