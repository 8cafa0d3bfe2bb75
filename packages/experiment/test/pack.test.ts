import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

// The one pack test of the publishable packages (grad-analysis has its own): each packs from a
// tree without dist/ (prepack builds it), carries its LICENSE, installs with the others into a
// fresh npm project outside the workspace, and its README example runs there. Slow (~2–5 min on
// the shared 2-core machine: six tsc builds, an npm install of tfjs/vega from the registry or
// cache, and the examples train two tiny models): the only way to prove what a user installs works.
const packages = fileURLToPath(new URL('../..', import.meta.url));
const ORDER = ['dsp', 'kernels-onednn', 'model', 'trainer', 'report', 'experiment'] as const;
const work = mkdtempSync(join(tmpdir(), 'ranker-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000); // node_modules of tfjs, vega…

const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** pnpm pack with dist/ moved away first, so that only prepack can have built what is packed. */
function packFromCleanTree(name: string): string {
  const dir = join(packages, name);
  const aside = join(dir, `dist.pack-test-${process.pid}`);
  if (existsSync(join(dir, 'dist'))) renameSync(join(dir, 'dist'), aside);
  try {
    const tarball = pack(dir);
    expect(existsSync(join(dir, 'dist', 'index.js')), `${name}: prepack built no dist`).toBe(true);
    rmSync(aside, { recursive: true, force: true });
    return tarball;
  } catch (error) {
    if (existsSync(aside)) {
      rmSync(join(dir, 'dist'), { recursive: true, force: true });
      renameSync(aside, join(dir, 'dist'));
    }
    throw error;
  }
}

function pack(dir: string): string {
  const out = run('pnpm', ['pack', '--pack-destination', work], dir);
  const tarball = out.trim().split('\n').at(-1) ?? '';
  expect(tarball.endsWith('.tgz'), out).toBe(true);
  return tarball.startsWith('/') ? tarball : join(work, tarball);
}

/** The README's first TypeScript/JavaScript block, as plain JavaScript. */
function readmeExample(name: string): string {
  const readme = readFileSync(join(packages, name, 'README.md'), 'utf8');
  const code = /```(?:ts|js|typescript|javascript)\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!code) throw new Error(`${name}/README.md has no ts/js example`);
  return ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
}

describe('the publishable packages', () => {
  it('pack from a clean tree, install in a fresh project, and run their README examples', () => {
    const tarballs = new Map<string, string>();
    for (const name of ORDER) {
      const tarball = packFromCleanTree(name);
      const files = run('tar', ['-tzf', tarball], work).split('\n');
      expect(files, name).toContain('package/LICENSE');
      expect(files, name).toContain('package/dist/index.js');
      expect(files, name).toContain('package/dist/index.d.ts');
      expect(readFileSync(join(packages, name, 'LICENSE'), 'utf8')).toContain(
        'Copyright (c) 2026 ranker contributors',
      );
      tarballs.set(`@ranker/${name}`, tarball);
    }
    // grad-analysis's packaging (and its clean-tree check) is its own test's; here it is only a
    // dependency of report and experiment, packed as built.
    tarballs.set('@ranker/grad-analysis', pack(join(packages, 'grad-analysis')));

    const project = join(work, 'project');
    mkdirSync(project);
    const files = Object.fromEntries([...tarballs].map(([n, t]) => [n, `file:${t}`]));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'consumer',
        private: true,
        type: 'module',
        dependencies: files,
        overrides: files,
      }),
    );
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], project);
    // kernels-onednn builds its addon on install (never failing: without oneDNN it says why).
    const addon = join(project, 'node_modules/@ranker/kernels-onednn/build/Release/onednn.node');
    console.log(
      `kernels-onednn in a fresh project: addon ${existsSync(addon) ? 'built' : 'not built'}`,
    );

    const example = (name: string, substitute: [string, string] | null = null) => {
      let code = readmeExample(name);
      if (substitute) code = code.replace(substitute[0], substitute[1]);
      writeFileSync(join(project, `${name}.mjs`), code);
      return run('node', [`${name}.mjs`], project);
    };
    expect(example('dsp')).toMatch(/^48 6$/m);
    expect(example('kernels-onednn')).toMatch(/oneDNN on \d+ threads|not|unavailable|install/);
    expect(example('model')).toMatch(/^\d[\d.e+-]* true \d/m);
    expect(example('trainer')).toMatch(/^completed after 5 epochs in /m);
    expect(example('experiment')).toMatch(/^completed /m);
    // the report example's run directory is the one the experiment example just wrote
    const report = example('report', ['runs/20261126-234000-seed0', 'runs/quick']);
    expect(report).toContain(join(project, 'runs/quick/report/report.md'));
  }, 900_000);
});
