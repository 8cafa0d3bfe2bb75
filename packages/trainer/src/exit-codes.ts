import type { RunStatus } from './run-directory.js';

/**
 * Process exit codes for a run's final status. 130 = 128 + SIGINT(2), the shell's convention
 * for "stopped by Ctrl-C", used for any interruption (signal or `requestStop`).
 */
export const EXIT_CODES = { completed: 0, failed: 1, interrupted: 130 } as const;

export const INTERRUPTED_EXIT_CODE = EXIT_CODES.interrupted;

export function exitCodeFor(status: Exclude<RunStatus, 'running'>): number {
  return EXIT_CODES[status];
}
