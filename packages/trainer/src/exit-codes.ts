import type { RunStatus } from './run-directory.js';

/**
 * Process exit codes of a run, the one table (the CLI imports it). A user's stop (`q`, Ctrl-C,
 * SIGTERM: status 'interrupted', checkpoint and partial report written, resumable) is a clean
 * end, 0 like a completed run, so that `pnpm start` does not report it as a failure. 1: the run
 * failed. 2: bad flags or config, nothing ran. 130 (128 + SIGINT, the shell's convention): a
 * second signal ended the process at once, before the checkpoint (partial, possibly not resumable).
 * 3: the run completed but its report is partial (an analysis is missing: a probe record lost or
 * invalid), so a script does not take it for a clean completion.
 */
export const EXIT_CODES = {
  completed: 0,
  interrupted: 0,
  failed: 1,
  usage: 2,
  partialReport: 3,
  aborted: 130,
} as const;

export function exitCodeFor(status: Exclude<RunStatus, 'running'>): number {
  return EXIT_CODES[status];
}
