import { loadDataset } from '@ranker/dsp';
import { resolveRunConfig } from '@ranker/experiment';
import { createRanker } from '@ranker/model';
import { describe, expect, it } from 'vitest';
import { helpText } from '../src/options.js';

/** `--flag VALUE  description (default X)` → { flag: 'X' }, read from the text users see. */
function helpDefaults(): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of helpText().matchAll(/^ {2}--([a-z-]+) \S+ .*\(default ([^)]+)\)$/gm)) {
    found[match[1]] = match[2];
  }
  return found;
}

// A CLI user and a library user get the same run from the same (absent) settings: every default
// `ranker --help` shows is compared with what the packages do when the setting is left out.
describe('one owner per default', () => {
  const help = helpDefaults();
  const run = resolveRunConfig({ outDir: 'runs' });

  it('ranker --help agrees with the trainer’s resolveRunConfig', () => {
    expect(Number(help.seed)).toBe(run.training.seed);
    expect(Number(help.seed)).toBe(run.data.seed);
    expect(help.data).toBe(run.data.source);
    expect(help.material).toBe(run.data.material);
    expect(Number(help.freq)).toBe(run.data.frequencyHz);
    expect(help.input).toBe(run.data.size.join('x'));
    expect(help.difficulty).toBe(run.data.difficulty);
    expect(Number(help['window-start'])).toBe(run.data.windowStartS);
    expect(Number(help.epochs)).toBe(run.training.epochs);
    expect(Number(help['batch-size'])).toBe(run.training.batchSize);
    expect(Number(help.lr)).toBe(run.training.learningRate);
    expect(Number(help['weight-decay'])).toBe(run.training.weightDecay);
    expect(Number(help.margin)).toBe(run.training.margin);
    const every = Number(help['analyze-every']);
    const epochs = run.training.epochs;
    expect(Array.from({ length: Math.floor(epochs / every) }, (_, i) => (i + 1) * every)).toEqual(
      run.training.analysisEpochs,
    );
    expect(Number(help['probe-batches'])).toBe(run.training.probe.batches);
    expect(help['probe-until']).toBe(String(run.training.probe.until));
    expect(Number(help['probe-max-batches'])).toBe(run.training.probe.maxBatches);
    expect(Number(help.depth)).toBe(run.model.depth);
    expect(Number(help.width)).toBe(run.model.widthMultiplier);
    expect(help.backend).toBe(run.backend);
  });

  it('ranker --help agrees with createRanker() (ResNet-18 width 1 is built: ~2 s)', async () => {
    const [height, width] = help.input.split('x').map(Number);
    const model = await createRanker({ inputShape: [height, width] });
    try {
      expect(model.config).toMatchObject({
        seed: Number(help.seed),
        depth: Number(help.depth),
        widthMultiplier: Number(help.width),
        margin: Number(help.margin),
        learningRate: Number(help.lr),
        weightDecay: Number(help['weight-decay']),
      });
    } finally {
      model.dispose();
    }
  });

  it('ranker --help agrees with dsp’s loadDataset()', async () => {
    const dataset = await loadDataset();
    const [first] = dataset.samples;
    expect(first.source).toBe(`synthetic:${help.seed}`);
    expect(first.material).toBe(help.material);
    expect(first.frequencyHz).toBe(Number(help.freq));
    expect(first.spectrogram.shape.join('x')).toBe(help.input);
  });
});
