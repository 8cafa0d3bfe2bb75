import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The real app in a real terminal (tmux). It runs the built CLI (the worker needs plain
// JavaScript), so `pnpm test` builds first (turbo: test dependsOn build). Each test is a --quick
// run of a few epochs (~20–40 s on the 2-core machine): the only way to see what a user sees.
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const skipReason = !hasTmux
  ? 'tmux is not installed (apt-get install tmux)'
  : !existsSync(cli)
    ? `${cli} is missing: build first (pnpm --filter tui build, or pnpm test via turbo)`
    : null;
if (skipReason) console.log(`skipping the tmux TTY tests: ${skipReason}`);

const socket = `tui-test-${process.pid}`;
const tmux = (...args: string[]) =>
  execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const pane = (session: string) => tmux('capture-pane', '-p', '-t', session);
const root = mkdtempSync(join(tmpdir(), 'tui-tty-'));
afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', socket, 'kill-server']); // our own socket's server only
  rmSync(root, { recursive: true, force: true });
});

async function waitFor(session: string, text: string, seconds: number): Promise<string> {
  let last = '';
  for (let waited = 0; waited < seconds * 1000; waited += 250) {
    last = pane(session);
    if (last.includes(text)) return last;
    if (existsSync(join(root, `${session}.status`))) break; // the app has ended
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no '${text}' on the screen; the pane shows:\n${last}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A number cut by truncation: a digit right before '…' that does not continue a range (1…24). */
const TRUNCATED_NUMBER = /\d[.,]?…(?!-?\d)/;

/**
 * Starts `command` in a fresh w×h session, its output recorded (pipe-pane) to the returned file;
 * the shell writes the app's exit status to `<session>.status` (tmux's own pane_dead_status is
 * not reliable: it may leave the exited app unreaped). The pane stays (remain-on-exit).
 */
function start(session: string, columns: number, rows: number, command: string): string {
  const recording = join(root, `${session}.raw`);
  // the pause lets pipe-pane attach before the first byte
  const script = `sleep 1; ${command}; echo $? > ${join(root, `${session}.status`)}`;
  tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), script);
  tmux('set-option', '-t', session, 'remain-on-exit', 'on');
  tmux('pipe-pane', '-t', session, '-o', `cat > ${recording}`);
  return recording;
}

/** Waits for the app to exit; its exit status. */
async function exitStatus(session: string, seconds: number): Promise<number> {
  const file = join(root, `${session}.status`);
  for (let waited = 0; waited < seconds * 1000; waited += 250) {
    if (existsSync(file) && readFileSync(file, 'utf8').trim() !== '') {
      return Number(readFileSync(file, 'utf8').trim());
    }
    await sleep(250);
  }
  throw new Error(`the app in ${session} did not exit in ${seconds} s:\n${pane(session)}`);
}

describe.skipIf(skipReason !== null)('dashboard in a terminal (tmux)', () => {
  it('at 80×24: keeps the scrollback, cuts no number, h/Esc help, p pauses, q stops with exit 0', async () => {
    const out = join(root, 'run80');
    const recording = start(
      'app80',
      80,
      24,
      `seq -f before-%g 1 80; env -u CI node ${cli} --quick --epochs 400 --out ${out}`,
    );
    const screens: string[] = [await waitFor('app80', 'steps/', 90)];
    expect(screens[0]).toContain('train / 6 validation samples · backend');
    expect(screens[0]).toContain('1 training');

    tmux('send-keys', '-t', 'app80', 'h');
    screens.push(await waitFor('app80', 'Esc  close this help', 10));
    tmux('send-keys', '-t', 'app80', 'Escape');
    await sleep(1500);
    expect(pane('app80')).not.toContain('close this help');

    tmux('send-keys', '-t', 'app80', 'p');
    const paused = await waitFor('app80', 'PAUSED at step', 30);
    const step = Number(/PAUSED at step (\d+)/.exec(paused)?.[1]);
    expect(step).toBeGreaterThan(0);
    await sleep(1500);
    expect(pane('app80')).toContain(`PAUSED at step ${step}`); // no step was taken while paused
    tmux('send-keys', '-t', 'app80', 'p');
    await waitFor('app80', 'GNS B_simple per probe', 0.1).catch(() => '');
    // every panel once a probe has run (epoch 2 of --quick), then the report key
    for (const key of ['2', '3', '4', '1']) {
      if (key === '2') {
        tmux('send-keys', '-t', 'app80', key);
        screens.push(await waitFor('app80', 'GNS B_simple per probe', 120));
      } else {
        tmux('send-keys', '-t', 'app80', key);
        await sleep(1000);
        screens.push(pane('app80'));
      }
    }
    tmux('send-keys', '-t', 'app80', 'r');
    await sleep(3000);
    screens.push(pane('app80'));
    tmux('send-keys', '-t', 'app80', 'q');
    expect(await exitStatus('app80', 120)).toBe(0); // a user's stop is a clean end
    expect(existsSync(join(out, 'report', 'report.md'))).toBe(true);

    for (const screen of screens) {
      for (const line of screen.split('\n')) expect(line).not.toMatch(TRUNCATED_NUMBER);
    }
    const raw = readFileSync(recording, 'latin1');
    expect(raw.includes('\x1b[3J')).toBe(false); // never a clear-scrollback
    expect(raw.includes('\x1b[2J')).toBe(false); // nor a clear-screen
    // what was printed before the app is still in the scrollback, and the help box is not left
    const history = tmux('capture-pane', '-p', '-t', 'app80', '-S', '-400');
    // 400 quick epochs (minutes): still running when p and q arrive, even on a fast idle machine.
    expect(history).toMatch(/run interrupted · \d+\/400 epochs · exit code 0/);
    expect(history).toContain('before-1\n');
    expect(history).not.toContain('close this help');
  }, 300_000);

  it('at 60×18 says the terminal is too small and still quits on q', async () => {
    start('app60', 60, 18, `env -u CI node ${cli} --quick --epochs 2 --out ${join(root, 'run60')}`);
    const screen = await waitFor('app60', 'terminal too small (needs 80×24', 90);
    expect(screen).toContain('is 60×18');
    tmux('send-keys', '-t', 'app60', 'q');
    expect(await exitStatus('app60', 120)).toBe(0);
  }, 180_000);
});
