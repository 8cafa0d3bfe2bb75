import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { trustworthiness } from '../src/trustworthiness.js';
import { tsne } from '../src/tsne.js';
import { clusteredPoints } from './synthetic.js';

/**
 * The acceptance test against scikit-learn: on the same N = 1000, D = 50 data our t-SNE's
 * trustworthiness (k = 10) is at least scikit-learn's − 0.01, and our trustworthiness function
 * agrees with `sklearn.manifold.trustworthiness`. Needs a python with scikit-learn: $RANKER_PYTHON,
 * then `python3`, then `/usr/bin/python3` (Debian's python3-sklearn), the first that imports it.
 */
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'reference', 'sklearn_tsne.py');
const CANDIDATES = [process.env.RANKER_PYTHON, 'python3', '/usr/bin/python3'].filter(
  (p): p is string => Boolean(p),
);
const python = CANDIDATES.find(
  (candidate) =>
    spawnSync(candidate, ['-c', 'import sklearn.manifold'], { stdio: 'ignore' }).status === 0,
);
const skipReason = `no python with scikit-learn among ${CANDIDATES.join(', ')} (install python3-sklearn or set RANKER_PYTHON)`;

interface Reference {
  sklearnTrustworthiness: number;
  oursBySklearn: number;
  version: string;
  seconds: number;
}

describe('t-SNE against scikit-learn', () => {
  // Slow by design (~10–20 s on a shared 2-core machine): both t-SNEs on 1000 points.
  it.skipIf(!python)(
    python
      ? 'trustworthiness(10) ≥ scikit-learn TSNE(perplexity=30, init=pca) − 0.01 on N = 1000, D = 50; our trustworthiness = sklearn.manifold.trustworthiness'
      : `SKIPPED: ${skipReason}`,
    () => {
      // 10 Gaussian clusters 4σ apart in 50-D: overlapping, so neighbourhoods are not trivial.
      const input = clusteredPoints(1000, 50, 10, 4, 11);
      const ours = tsne(input);
      expect(ours.method).toBe('barnes-hut');
      const dir = mkdtempSync(join(tmpdir(), 'grad-analysis-sklearn-'));
      try {
        const file = join(dir, 'data.json');
        writeFileSync(
          file,
          JSON.stringify({ input: input.map((p) => Array.from(p)), embedded: ours.points, k: 10 }),
        );
        const run = spawnSync(python!, [SCRIPT, file], { encoding: 'utf8' });
        expect(run.status, run.stderr).toBe(0);
        const reference = JSON.parse(run.stdout) as Reference;
        const ourTrust = trustworthiness(input, ours.points, 10);
        console.info(
          `trustworthiness(10): ours ${ourTrust.toFixed(4)}, scikit-learn ${reference.version} ${reference.sklearnTrustworthiness.toFixed(4)} (its t-SNE took ${reference.seconds.toFixed(1)} s)`,
        );
        expect(ourTrust).toBeCloseTo(reference.oursBySklearn, 9);
        expect(ourTrust).toBeGreaterThanOrEqual(reference.sklearnTrustworthiness - 0.01);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
