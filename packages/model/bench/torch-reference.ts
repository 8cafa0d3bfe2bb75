/**
 * PyTorch's CPU step times from `torch-step.py` (next to this file), the reference both this
 * package's bench and kernels-onednn's print their ratios against.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The first python that imports torch: $RANKER_PYTHON, then `python3` on PATH, then Debian's
 * (a pyenv `python3` may shadow Debian's python3-torch).
 */
export function pythonWithTorch(): string | undefined {
  const candidates = [process.env.RANKER_PYTHON, 'python3', '/usr/bin/python3'];
  return candidates.find(
    (python) =>
      python !== undefined &&
      spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0,
  );
}

/**
 * Median ms of one ResNet-18 ranking step per input size (keys like "128x128", plus "threads"),
 * or a one-line reason why there are none.
 */
export function torchStepMs(options: {
  threads: number;
  steps: number;
  warmup?: number;
}): Record<string, number> | string {
  const python = pythonWithTorch();
  if (python === undefined) {
    return 'PyTorch reference skipped: no python with torch (set RANKER_PYTHON)';
  }
  const script = fileURLToPath(new URL('torch-step.py', import.meta.url));
  const args = [script, '--threads', String(options.threads), '--steps', String(options.steps)];
  if (options.warmup !== undefined) args.push('--warmup', String(options.warmup));
  const run = spawnSync(python, args, { encoding: 'utf8' });
  if (run.status !== 0) {
    return `PyTorch reference failed: ${(run.stderr || run.error?.message || '').trim().split('\n').pop()}`;
  }
  return JSON.parse(run.stdout.trim().split('\n').pop() as string) as Record<string, number>;
}
