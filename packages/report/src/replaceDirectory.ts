import { renameSync, rmSync } from 'node:fs';

/**
 * Swaps a fully written staging folder into place: the old folder is moved aside first and
 * removed last, so a crash at any point leaves either the old or the new folder complete.
 */
export function replaceDirectory(staging: string, outDir: string): void {
  const aside = `${staging}-previous`;
  let hadPrevious = true;
  try {
    renameSync(outDir, aside);
  } catch {
    hadPrevious = false;
  }
  renameSync(staging, outDir);
  if (hadPrevious) rmSync(aside, { recursive: true, force: true });
}
