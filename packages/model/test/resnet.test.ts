import { describe, expect, it } from 'vitest';
import { resnetArchitecture } from '../src/resnet.js';

const count = (depth: 10 | 18 | 34, width = 1) =>
  resnetArchitecture(depth, width).parameters.reduce(
    (sum, p) => sum + p.shape.reduce((a, b) => a * b, 1),
    0,
  );

/** Trainable parameters of a 1-channel, 1-output torchvision-style ResNet, counted by hand. */
function handCount(blocks: number[], c: number[]): number {
  const conv = (k: number, cin: number, cout: number) => k * k * cin * cout;
  const bn = (ch: number) => 2 * ch; // γ and β
  let total = conv(7, 1, c[0]) + bn(c[0]); // stem
  let cin = c[0];
  blocks.forEach((n, stage) => {
    const cout = c[stage];
    for (let b = 0; b < n; b++) {
      total += conv(3, cin, cout) + bn(cout) + conv(3, cout, cout) + bn(cout);
      if (cin !== cout) total += conv(1, cin, cout) + bn(cout); // downsample shortcut
      cin = cout;
    }
  });
  return total + cin + 1; // fc: 512 weights + 1 bias
}

describe('resnetArchitecture', () => {
  it('ResNet-18, 1 channel in, 1 score out, has 11,170,753 trainable parameters', () => {
    // torchvision resnet18 has 11,689,512 (3 channels in, 1000 classes out): remove the stem's
    // 2 extra input channels (2·7·7·64 = 6,272) and 999 of the 1000 outputs (999·513 = 512,487).
    expect(11_689_512 - 6_272 - 512_487).toBe(11_170_753);
    expect(handCount([2, 2, 2, 2], [64, 128, 256, 512])).toBe(11_170_753);
    expect(count(18)).toBe(11_170_753);
  });

  it('ResNet-10 and ResNet-34 match the hand count; the width multiplier scales channels', () => {
    expect(count(10)).toBe(handCount([1, 1, 1, 1], [64, 128, 256, 512]));
    expect(count(34)).toBe(handCount([3, 4, 6, 3], [64, 128, 256, 512]));
    // torchvision resnet34: 21,797,672 with 3 channels and 1000 outputs.
    expect(count(34)).toBe(21_797_672 - 6_272 - 512_487);
    expect(count(18, 1 / 16)).toBe(handCount([2, 2, 2, 2], [4, 8, 16, 32]));
  });

  it('lists parameters in PyTorch model.parameters() order with torchvision names', () => {
    const names = resnetArchitecture(18, 1).parameters.map((p) => p.name);
    expect(names.slice(0, 6)).toEqual([
      'conv1.weight',
      'bn1.weight',
      'bn1.bias',
      'layer1.0.conv1.weight',
      'layer1.0.bn1.weight',
      'layer1.0.bn1.bias',
    ]);
    expect(names).toContain('layer2.0.downsample.0.weight');
    expect(names).toContain('layer2.0.downsample.1.bias');
    expect(names).not.toContain('layer1.0.downsample.0.weight');
    expect(names.slice(-2)).toEqual(['fc.weight', 'fc.bias']);
    expect(new Set(names).size).toBe(names.length);
  });
});
