import { describe, expect, it } from 'vitest';
import { defaultComponents } from '../src/default-components.js';
import { resolveRunConfig } from '../src/index.js';

describe('defaultComponents.loadData', () => {
  const load = (data: object) =>
    defaultComponents.loadData(resolveRunConfig({ outDir: 'r', data: { perAngle: 2, ...data } }));

  it('hands data.difficulty and data.nuisance to the synthetic generator', async () => {
    const easy = await load({ difficulty: 'easy' });
    const louder = await load({ difficulty: 'easy', nuisance: { noiseRms: [0.3, 0.3] } });
    expect(easy.description).toMatch(/^synthetic \(difficulty easy\) /);
    expect(louder.description).toMatch(
      /^synthetic \(difficulty easy, nuisance \{"noiseRms":\[0\.3,0\.3\]\}\) /,
    );
    // same ids and split, different recordings
    expect(louder.train.map((s) => s.id)).toEqual(easy.train.map((s) => s.id));
    expect(louder.train[0].spectrogram.data).not.toEqual(easy.train[0].spectrogram.data);
    expect((await load({})).description).toMatch(/^synthetic \(difficulty hard\) /);
  });

  it('hands data.windowStartS and data.resample to loadDataset', async () => {
    const later = await load({ difficulty: 'easy', windowStartS: 0.01 });
    expect(later.description).toContain(', window from 0.01 s,');
    const resampled = await load({ difficulty: 'easy', resample: 22050 });
    expect(resampled.description).toContain('22050 Hz (12 resampled)');
  });
});
