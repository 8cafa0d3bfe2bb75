import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The real app in a real terminal: tmux gives it a 100×30 TTY. It runs the built CLI (the
// worker needs plain JavaScript), so `pnpm test` builds first (turbo: test dependsOn build).
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const skipReason = !hasTmux
  ? 'tmux is not installed (apt-get install tmux)'
  : !existsSync(cli)
    ? `${cli} is missing: build first (pnpm --filter tui build, or pnpm test via turbo)`
    : null;
if (skipReason) console.log(`skipping the tmux TTY test: ${skipReason}`);

const socket = `tui-test-${process.pid}`;
const tmux = (...args: string[]) =>
  execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const pane = () => tmux('capture-pane', '-p', '-t', 'app');
const root = mkdtempSync(join(tmpdir(), 'tui-tty-'));
afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', socket, 'kill-server']);
  rmSync(root, { recursive: true, force: true });
});

async function waitFor(text: string, seconds: number): Promise<string> {
  let last = '';
  for (let waited = 0; waited < seconds * 1000; waited += 250) {
    last = pane();
    if (last.includes(text)) return last;
    if (last.includes('EXIT=')) break; // the app has ended: waiting longer cannot help
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no '${text}' on the screen; the pane shows:\n${last}`);
}

describe.skipIf(skipReason !== null)('dashboard in a terminal (tmux, 100×30)', () => {
  it('shows the dashboard, pauses on p, quits on q with a partial report and exit code 130', async () => {
    const out = join(root, 'run');
    const command = `env -u CI node ${cli} --quick --epochs 3 --out ${out}; echo EXIT=$?; sleep 60`;
    tmux('new-session', '-d', '-s', 'app', '-x', '100', '-y', '30', command);

    const dashboard = await waitFor('steps/s', 90); // the step bar shows a rate after the first step
    expect(dashboard).toContain('ranker run run · backend');
    expect(dashboard).toContain('1 training');
    expect(dashboard).toContain('training loss (margin ranking)');

    tmux('send-keys', '-t', 'app', 'p');
    const paused = await waitFor('PAUSED at step', 30);
    const step = Number(/PAUSED at step (\d+)/.exec(paused)?.[1]);
    expect(step).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(pane()).toContain(`PAUSED at step ${step}`); // no step was taken while paused

    tmux('send-keys', '-t', 'app', 'q');
    const end = await waitFor('EXIT=', 90);
    expect(end).toContain('run interrupted');
    expect(end).toMatch(/report: .*report\.md/);
    expect(end).toContain('EXIT=130');
    expect(existsSync(join(out, 'report', 'report.md'))).toBe(true);
  });
});
