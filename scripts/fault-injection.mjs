#!/usr/bin/env node
// Fault injection for run directories (issue 17): kills a headless run at random moments
// (kill -9, SIGINT, SIGTERM), resumes each, and checks that the resumed run ends bit-identical
// to an uninterrupted one and that no process crashed (ended by a signal other than the one
// sent, or with a native-crash exit code). With --concurrent, a second process tries to resume
// the same run while the first is training (it must be refused, not train, not crash).
// With --stress (issue 17, item 9), only signals: SIGINT, SIGTERM and a double SIGINT at random
// moments (or, with --during-probe, during a gradient probe), counting how each process ended.
//
//   pnpm --filter tui... build
//   node scripts/fault-injection.mjs [--trials N] [--seed S] [--work DIR] [--concurrent]
//        [--stress] [--during-probe] [--keep] [-- CLI FLAGS (default --quick)]
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'apps/tui/dist/cli.js');

function parseArgs(argv) {
  const options = {
    trials: 10,
    seed: 1,
    work: null,
    concurrent: false,
    stress: false,
    duringProbe: false,
    keep: false,
    flags: ['--quick'],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      options.flags = argv.slice(i + 1);
      break;
    }
    if (arg === '--trials') options.trials = Number(argv[++i]);
    else if (arg === '--seed') options.seed = Number(argv[++i]);
    else if (arg === '--work') options.work = resolve(argv[++i]);
    else if (arg === '--concurrent') options.concurrent = true;
    else if (arg === '--stress') options.stress = true;
    else if (arg === '--during-probe') options.duringProbe = true;
    else if (arg === '--keep') options.keep = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(options.trials) || options.trials < 1) {
    throw new Error(`--trials must be a positive integer, got ${options.trials}`);
  }
  return options;
}

/** Seeded uniform [0, 1) (mulberry32), so a failing schedule can be replayed with --seed. */
function uniform(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Starts the CLI; resolves { code, signal, output, ms } when it exits. */
function launch(args) {
  const started = Date.now();
  const child = spawn(process.execPath, [cli, '--headless', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = [];
  const onData = (chunk) => {
    output += chunk;
    for (const l of listeners) l(output);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((done) =>
    child.on('exit', (code, signal) => done({ code, signal, output, ms: Date.now() - started })),
  );
  const waitFor = (pattern) =>
    new Promise((found) => {
      if (pattern.test(output)) return found(true);
      listeners.push((text) => pattern.test(text) && found(true));
      exited.then(() => found(false));
    });
  return { child, exited, waitFor };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Ended the way the signal sent asks for? Anything else ending by a signal, or 132–159, is a crash. */
function judge(sent, { code, signal }) {
  const crashed =
    (signal !== null && signal !== sent && !(sent === 'SIGINT×2' && signal === 'SIGINT')) ||
    (code !== null && code > 128 && code !== 130);
  return crashed ? 'crash' : code === 1 ? 'failed' : 'ok';
}

/** The second process (never signalled): refused by the lock or a missing run, ran, failed, or crashed. */
function secondVerdict({ code, signal, output }) {
  if (signal !== null || (code !== null && code > 128 && code !== 130)) return 'crash';
  if (/RUN_LOCKED|RUN_NOT_STARTED|RUN_NOT_FOUND/.test(output)) return 'refused';
  return code === 0 ? 'ran' : 'failed';
}

function readLines(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      try {
        return [JSON.parse(l)];
      } catch {
        return []; // a torn last line
      }
    });
}

/** Metrics without the wall-clock fields no two runs share. */
function metricsOf(runDir) {
  return JSON.stringify(
    readLines(join(runDir, 'metrics.jsonl')).map((r) =>
      r.type === 'epoch' ? { ...r, trainMs: 0, validationMs: 0, probeMs: 0 } : r,
    ),
  );
}

function sha256(file) {
  return existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : null;
}

function finalCheckpoint(runDir) {
  const state = JSON.parse(readFileSync(join(runDir, 'state.json'), 'utf8'));
  const dir = join(
    runDir,
    'checkpoints',
    `epoch-${String(state.lastCompletedEpoch).padStart(3, '0')}`,
  );
  return { state, weights: sha256(join(dir, 'weights.bin')) };
}

function probesOf(runDir, epochs) {
  return epochs.map((e) =>
    sha256(join(runDir, 'probes', `epoch-${String(e).padStart(3, '0')}.json`)),
  );
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run pnpm --filter tui... build first`);
  const work = options.work ?? mkdtempSync(join(tmpdir(), 'ranker-faults-'));
  const random = uniform(options.seed);
  const flags = options.flags;
  const signals = options.stress
    ? ['SIGINT', 'SIGTERM', 'SIGINT×2']
    : ['SIGKILL', 'SIGINT', 'SIGTERM'];

  const referenceDir = join(work, 'reference');
  rmSync(referenceDir, { recursive: true, force: true });
  process.stdout.write(`reference run → ${referenceDir}\n`);
  const reference = await launch([...flags, '--out', referenceDir]).exited;
  if (reference.code !== 0) {
    throw new Error(
      `the reference run exited ${reference.code ?? reference.signal}:\n${reference.output}`,
    );
  }
  const probeEpochs = (/probes after epochs ([\d, ]+)/.exec(reference.output)?.[1] ?? '')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0);
  const expected = {
    metrics: metricsOf(referenceDir),
    weights: finalCheckpoint(referenceDir).weights,
    probes: probesOf(referenceDir, probeEpochs),
  };
  process.stdout.write(
    `reference: ${(reference.ms / 1000).toFixed(1)} s, probes after epochs ${probeEpochs.join(', ')}\n`,
  );

  const rows = [];
  for (let trial = 1; trial <= options.trials; trial++) {
    const sent = signals[(trial - 1) % signals.length];
    const runDir = join(work, `trial-${String(trial).padStart(2, '0')}`);
    rmSync(runDir, { recursive: true, force: true });
    const first = launch([...flags, '--out', runDir]);
    let delay;
    if (options.duringProbe) {
      await first.waitFor(/probe after epoch \d+:/);
      delay = Math.round(random() * 1500);
    } else {
      delay = Math.round(random() * reference.ms);
    }
    const second = [];
    if (options.concurrent) {
      const at = Math.round(random() * delay);
      await sleep(at);
      second.push(launch(['--resume', runDir]));
      await sleep(delay - at);
    } else {
      await sleep(delay);
    }
    if (sent === 'SIGKILL') first.child.kill('SIGKILL');
    else if (sent === 'SIGINT×2') {
      first.child.kill('SIGINT');
      await sleep(Math.round(random() * 1000));
      first.child.kill('SIGINT');
    } else first.child.kill(sent);
    const killed = await first.exited;
    const secondEnds = await Promise.all(second.map((s) => s.exited));
    const completedAtKill = readLines(join(runDir, 'metrics.jsonl')).filter(
      (r) => r.type === 'epoch',
    ).length;
    const row = {
      trial,
      signal: sent,
      atMs: delay,
      exit: killed.signal ?? killed.code,
      verdict: judge(sent, killed),
      second: secondEnds.map((s) => ({
        exit: s.signal ?? s.code,
        verdict: secondVerdict(s),
        trained: /^epoch \d+\/\d+ ·/m.test(s.output),
        line:
          s.output.split('\n').find((l) => l.startsWith('error') || l.includes('error [')) ?? '',
      })),
    };
    if (row.verdict === 'crash' || row.second.some((s) => s.verdict === 'crash')) {
      writeFileSync(
        `${runDir}.crash.log`,
        `${killed.output}\n---- second ----\n${secondEnds.map((s) => s.output).join('\n')}`,
      );
    }
    if (!options.stress) {
      const started = existsSync(join(runDir, 'config.json'));
      const resumed = await launch(started ? ['--resume', runDir] : [...flags, '--out', runDir])
        .exited;
      const startEpoch = Number(/epochs (\d+)…/.exec(resumed.output)?.[1] ?? 1);
      const final = existsSync(join(runDir, 'state.json'))
        ? finalCheckpoint(runDir)
        : { weights: null };
      Object.assign(row, {
        resume: started ? 'resume' : 'new start',
        resumeExit: resumed.signal ?? resumed.code,
        resumeVerdict: resumed.code === 0 ? 'ok' : judge('none', resumed),
        epochsLost: Math.max(0, completedAtKill - (startEpoch - 1)),
        metricsIdentical: metricsOf(runDir) === expected.metrics,
        weightsIdentical: final.weights === expected.weights,
        probesIdentical:
          JSON.stringify(probesOf(runDir, probeEpochs)) === JSON.stringify(expected.probes),
        notices: resumed.output
          .split('\n')
          .filter((l) =>
            /falling back|took over|no process holds|removed what|probe record/.test(l),
          )
          .map((l) => l.replace(runDir, '<run>').slice(0, 160)),
      });
      if (resumed.code !== 0) writeFileSync(`${runDir}.resume.log`, resumed.output);
    }
    rows.push(row);
    process.stdout.write(`${JSON.stringify(row)}\n`);
    if (!options.keep && row.verdict !== 'crash' && row.resumeExit === 0 && row.weightsIdentical) {
      rmSync(runDir, { recursive: true, force: true });
    }
  }

  const count = (f) => rows.filter(f).length;
  const summary = {
    trials: rows.length,
    signals: Object.fromEntries(signals.map((s) => [s, count((r) => r.signal === s)])),
    crashes:
      count((r) => r.verdict === 'crash') +
      rows.flatMap((r) => r.second).filter((s) => s.verdict === 'crash').length,
    failedExits: count((r) => r.verdict === 'failed'),
    exits: Object.fromEntries(
      [...new Set(rows.map((r) => String(r.exit)))].map((e) => [
        e,
        count((r) => String(r.exit) === e),
      ]),
    ),
    concurrent: options.concurrent
      ? Object.fromEntries(
          ['refused', 'ran', 'failed', 'crash'].map((v) => [
            v,
            rows.flatMap((r) => r.second).filter((s) => s.verdict === v).length,
          ]),
        )
      : null,
  };
  if (!options.stress) {
    Object.assign(summary, {
      resumedOk: count((r) => r.resumeExit === 0),
      identical: count((r) => r.metricsIdentical && r.weightsIdentical),
      probesIdentical: count((r) => r.probesIdentical),
      maxEpochsLost: Math.max(...rows.map((r) => r.epochsLost)),
    });
  }
  process.stdout.write(`summary ${JSON.stringify(summary)}\n`);
  writeFileSync(
    join(work, 'summary.json'),
    `${JSON.stringify({ options, summary, rows }, null, 2)}\n`,
  );
  process.stdout.write(`details: ${join(work, 'summary.json')}\n`);
  process.exitCode =
    summary.crashes > 0 || (!options.stress && summary.identical < rows.length) ? 1 : 0;
}

main().catch((error) => {
  process.stderr.write(`fault-injection: ${error.message}\n`);
  process.exitCode = 2;
});
