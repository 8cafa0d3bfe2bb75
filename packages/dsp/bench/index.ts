// Throughput of the spectrogram pipeline on 1 s of 44.1 kHz audio (nFft 1024, hop 256), plus the
// seed dataset's default load. Prints a table; never asserts on time.
import { computeSpectrogram, createRng, loadDataset, stft } from '../src/index.js';

const sampleRateHz = 44100;
const rng = createRng(1);
const signal = Float32Array.from(
  { length: sampleRateHz },
  (_, n) => 0.5 * Math.sin((2 * Math.PI * 3000 * n) / sampleRateHz) + 0.05 * rng.normal(),
);
const stftOptions = { nFft: 1024, hop: 256 };

/** Runs `task` repeatedly for about `seconds` after a short warm-up; returns runs per second. */
async function measure(
  task: () => unknown,
  seconds = 2,
): Promise<{ perSecond: number; msEach: number }> {
  for (let i = 0; i < 3; i++) await task();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    await task();
    runs++;
  }
  const elapsedMs = performance.now() - start;
  return { perSecond: (runs * 1000) / elapsedMs, msEach: elapsedMs / runs };
}

const cases: [string, () => unknown][] = [
  ['stft: one complex STFT (513 bins × 173 frames)', () => stft(signal, sampleRateHz, stftOptions)],
  [
    'one magnitude dB spectrogram (513 × 173)',
    () => computeSpectrogram(signal, sampleRateHz, stftOptions),
  ],
  [
    'one spectrogram, band 3000 ± 1500 Hz → [64, 64], z-scored',
    () =>
      computeSpectrogram(signal, sampleRateHz, {
        ...stftOptions,
        band: { centerHz: 3000, halfWidthHz: 1500 },
        size: [64, 64],
        normalize: 'per-spectrogram',
      }),
  ],
  ['loadDataset(): seed set, 54 synthetic 50 ms recordings', () => loadDataset()],
];

console.log(
  `@ranker/dsp bench — Node ${process.version}, ${process.arch}, ${new Date().toISOString()}`,
);
console.log(
  'input: 1 s of 44.1 kHz mono audio (44100 samples), Hann window, centred, reflect padding\n',
);
const rows = [['case (1 run)', 'runs / s', 'ms / run']];
for (const [name, task] of cases) {
  const { perSecond, msEach } = await measure(task);
  rows.push([name, perSecond.toFixed(1), msEach.toFixed(2)]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const [i, row] of rows.entries()) {
  console.log(
    `| ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`,
  );
  if (i === 0)
    console.log(
      `| ${widths.map((w, c) => (c === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`,
    );
}
