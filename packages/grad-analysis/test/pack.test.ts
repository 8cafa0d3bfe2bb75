import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'grad-analysis-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// Slow (~10–30 s on a shared 2-core machine): builds with tsc, packs, and installs into a fresh
// npm project outside the workspace — the only way to prove the published package works on its own.
describe('pnpm pack', () => {
  it('installs into a fresh npm project and runs the README example there (also in a worker thread)', () => {
    // From a clean tree: `prepack` must build dist/ itself.
    rmSync(join(packageDir, 'dist'), { recursive: true, force: true });
    run('pnpm', ['pack', '--pack-destination', work], packageDir);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const listing = run('tar', ['-tzf', join(work, tarball!)], work).split('\n');
    expect(listing).toContain('package/LICENSE');
    expect(listing).toContain('package/dist/index.js');
    expect(listing).toContain('package/dist/index.d.ts');

    const project = join(work, 'project');
    run('mkdir', ['-p', project], work);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    run('npm', ['install', join(work, tarball!), '--offline', '--no-audit', '--no-fund'], project);

    // The README's example is examples/basic.mjs verbatim.
    const example = readFileSync(join(packageDir, 'examples', 'basic.mjs'), 'utf8');
    expect(readFileSync(join(packageDir, 'README.md'), 'utf8')).toContain(example.trim());
    writeFileSync(join(project, 'example.mjs'), example);
    // It type-checks under --strict against the packed declarations (dist/*.d.ts), with the
    // workspace's tsc: nullable fields (B_simple, a one-sided interval's high) must be handled.
    const tsc = join(packageDir, '..', '..', 'node_modules', '.bin', 'tsc');
    const checkArgs = ['--strict', '--noEmit', '--allowJs', '--checkJs', '--skipLibCheck'];
    const moduleArgs = [
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
    ];
    run(tsc, [...checkArgs, ...moduleArgs, 'example.mjs'], project);
    const output = run('node', ['example.mjs'], project);
    const bSimple = Number(
      /^B_simple = ([\d.]+) examples \(95% CI [\d.-]+ to [\d.-]+, exact path\)$/m.exec(output)?.[1],
    );
    // Planted: |G|² = 1000·0.05² = 2.5, tr(Σ) = 4·1000·0.5²/12 ≈ 83.3, so B_simple ≈ 33.
    expect(bSimple).toBeGreaterThan(15);
    expect(bSimple).toBeLessThan(70);
    expect(output).toMatch(/^t-SNE points: 12, outlier batches: 0$/m);

    writeFileSync(
      join(project, 'worker.mjs'),
      `import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { tsne } from '@ranker/grad-analysis';
if (isMainThread) {
  const worker = new Worker(new URL(import.meta.url));
  worker.on('message', (points) => { console.log('worker points', points.length); worker.terminate(); });
} else {
  const rows = Array.from({ length: 20 }, (_, i) => [i % 2 ? 10 : 0, Math.sin(i), Math.cos(i)]);
  parentPort.postMessage(tsne(rows, { iterations: 200 }).points);
}
`,
    );
    expect(run('node', ['worker.mjs'], project)).toContain('worker points 20');
  }, 180_000);
});
