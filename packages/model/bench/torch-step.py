#!/usr/bin/env python3
"""PyTorch CPU reference for one ResNet-18 ranking step, for comparison with the tfjs backends.

One step = forward 2·B spectrograms (B = 4 pairs: left and right), MarginRankingLoss (margin 10,
mean over the pairs), backward, Adam (lr 1e-3, weight_decay 1e-5) update; BatchNorm in training
mode. The network is torchvision's resnet18 layout with a 1-channel stem and one output score,
written out here so no torchvision is needed. Prints JSON: median step time in milliseconds per
input size, e.g. {"64x64": 143.2, "128x128": 231.0, "257x128": 418.5, "threads": 2}.

Usage: python3 torch-step.py [--threads 2] [--steps 10] [--warmup 3]
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn


class BasicBlock(nn.Module):
    def __init__(self, inputs, outputs, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inputs, outputs, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(outputs)
        self.conv2 = nn.Conv2d(outputs, outputs, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(outputs)
        self.shortcut = nn.Sequential()
        if stride != 1 or inputs != outputs:
            self.shortcut = nn.Sequential(
                nn.Conv2d(inputs, outputs, 1, stride, bias=False), nn.BatchNorm2d(outputs)
            )

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(self.bn2(self.conv2(y)) + self.shortcut(x))


class ResNet18Ranker(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv2d(1, 64, 7, 2, 3, bias=False),
            nn.BatchNorm2d(64),
            nn.ReLU(),
            nn.MaxPool2d(3, 2, 1),
        )
        blocks, channels = [], 64
        for outputs, stride in [(64, 1), (128, 2), (256, 2), (512, 2)]:
            blocks += [BasicBlock(channels, outputs, stride), BasicBlock(outputs, outputs, 1)]
            channels = outputs
        self.blocks = nn.Sequential(*blocks)
        self.head = nn.Linear(512, 1)

    def forward(self, x):
        y = self.blocks(self.stem(x))
        return self.head(torch.flatten(nn.functional.adaptive_avg_pool2d(y, 1), 1)).squeeze(1)


def step_ms(height, width, pairs, steps, warmup):
    torch.manual_seed(0)
    model = ResNet18Ranker().train()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
    loss_fn = nn.MarginRankingLoss(margin=10.0)
    left = torch.randn(pairs, 1, height, width)
    right = torch.randn(pairs, 1, height, width)
    target = torch.tensor([1.0, -1.0] * (pairs // 2) + [1.0] * (pairs % 2))
    times = []
    for i in range(warmup + steps):
        start = time.perf_counter()
        scores = model(torch.cat([left, right]))
        loss = loss_fn(scores[:pairs], scores[pairs:], target)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if i >= warmup:
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--pairs", type=int, default=4)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    result = {}
    for height, width in [(64, 64), (128, 128), (257, 128)]:
        result[f"{height}x{width}"] = round(step_ms(height, width, args.pairs, args.steps, args.warmup), 1)
    result["threads"] = torch.get_num_threads()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
