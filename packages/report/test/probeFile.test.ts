import { describe, expect, it } from 'vitest';
import { ReportError } from '../src/errors.js';
import { probeFile } from '../src/probeRecord.js';

describe('probeFile', () => {
  it('names probes/epoch-NNN.json with the epoch zero-padded to 3 digits', () => {
    expect(probeFile(1)).toBe('probes/epoch-001.json');
    expect(probeFile(30)).toBe('probes/epoch-030.json');
    expect(probeFile(999)).toBe('probes/epoch-999.json');
    expect(probeFile(1234)).toBe('probes/epoch-1234.json');
  });

  it('refuses an epoch that is not an integer ≥ 1, naming it', () => {
    for (const bad of [0, -1, 2.5, Number.NaN]) {
      expect(() => probeFile(bad)).toThrow(ReportError);
    }
    expect(() => probeFile(2.5)).toThrow('probeFile: epoch is 2.5; expected an integer ≥ 1');
  });
});
