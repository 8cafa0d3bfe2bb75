#!/usr/bin/env python3
"""PyTorch CPU reference for the compute of ranker's default seed run, for the experiment bench.

The same network as the model bench (packages/model/bench/torch-step.py, imported, not copied:
ResNet-18, 1-channel stem, one output score), the same work as `ranker --headless`:
  - epochs × (train_samples / pairs) Adam steps (lr 1e-3, weight_decay 1e-5) of `pairs` ranking
    pairs, BN in training mode, each step's gradient flattened into one float32 vector and its
    squared norm taken (as ranker hands every batch gradient to its listeners);
  - after epochs 5, 10, … a probe: `probe_batches` gradients of `pairs` pairs at the frozen
    (one count for every probe, or a comma-separated count per probe: ranker's probes stop by
    precision, so the bench passes the counts ranker's run drew)
    weights (BN batch statistics, running statistics untouched, no update), each flattened and
    its squared norm taken;
  - after every epoch a validation: scores of the held-out samples (BN inference mode) and the
    inference-mode loss over all their pairs of different angles, in chunks of 64 pairs.
Inputs are seeded random spectrograms (ranker generates its synthetic data; that is part of its
time, not of this compute). Prints one JSON line with wall seconds per part.

Usage: python3 torch-seed-run.py --probe-batches 48|180,48,124,… [--epochs 30] [--threads 2]
"""
import argparse
import importlib.util
import json
import os
import time

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "torch_step", os.path.join(HERE, "..", "..", "model", "bench", "torch-step.py")
)
torch_step = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(torch_step)

CHUNK = 64  # pairs per validation call, as packages/trainer/src/validation.ts


def flat_gradient(model):
    """The batch gradient as ranker hands it on: one float32 vector, and Σ g² in float64."""
    gradient = torch.cat([p.grad.reshape(-1) for p in model.parameters()])
    return gradient, float(gradient.double().square().sum())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--probe-batches", required=True)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--analyze-every", type=int, default=5)
    parser.add_argument("--pairs", type=int, default=4)
    parser.add_argument("--train-samples", type=int, default=48)
    parser.add_argument("--validation-samples", type=int, default=6)
    parser.add_argument("--angles", type=int, default=6)
    parser.add_argument("--size", type=int, nargs=2, default=[64, 64])
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    counts = [int(c) for c in args.probe_batches.split(",")]
    start = time.perf_counter()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    height, width = args.size
    model = torch_step.ResNet18Ranker()
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-5)
    loss_fn = nn.MarginRankingLoss(margin=10.0)
    train = torch.randn(args.train_samples, 1, height, width)
    train_angles = torch.arange(args.train_samples) % args.angles
    validation = torch.randn(args.validation_samples, 1, height, width)
    validation_angles = torch.arange(args.validation_samples) % args.angles
    valid_pairs = [
        (i, j, 1.0 if validation_angles[i] > validation_angles[j] else -1.0)
        for i in range(args.validation_samples)
        for j in range(i + 1, args.validation_samples)
        if validation_angles[i] != validation_angles[j]
    ]
    generator = torch.Generator().manual_seed(1)
    seconds = {"startup": time.perf_counter() - start, "training": 0.0, "probes": 0.0, "validation": 0.0}
    steps = probes = 0

    def pair_batch():
        left = torch.randint(args.train_samples, (args.pairs,), generator=generator)
        right = (left + 1 + torch.randint(args.angles - 1, (args.pairs,), generator=generator)) % args.train_samples
        target = torch.where(train_angles[left] > train_angles[right], 1.0, -1.0)
        return train[left], train[right], target

    def gradient_of(left, right, target):
        scores = model(torch.cat([left, right]))
        loss = loss_fn(scores[: len(target)], scores[len(target) :], target)
        optimiser.zero_grad()
        loss.backward()
        return loss.item(), flat_gradient(model)

    for epoch in range(1, args.epochs + 1):
        t = time.perf_counter()
        model.train()
        for _ in range(args.train_samples // args.pairs):
            gradient_of(*pair_batch())
            optimiser.step()
            steps += 1
        seconds["training"] += time.perf_counter() - t

        if epoch % args.analyze_every == 0:
            t = time.perf_counter()
            # Batch statistics without touching the running ones: BN momentum 0 for the probe.
            momenta = [(m, m.momentum) for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
            for m, _ in momenta:
                m.momentum = 0.0
            probe_index = epoch // args.analyze_every - 1
            for _ in range(counts[probe_index] if len(counts) > 1 else counts[0]):
                gradient_of(*pair_batch())
                probes += 1
            for m, momentum in momenta:
                m.momentum = momentum
            seconds["probes"] += time.perf_counter() - t

        t = time.perf_counter()
        model.eval()
        with torch.no_grad():
            model(validation)
            for c in range(0, len(valid_pairs), CHUNK):
                chunk = valid_pairs[c : c + CHUNK]
                left = validation[[p[0] for p in chunk]]
                right = validation[[p[1] for p in chunk]]
                target = torch.tensor([p[2] for p in chunk])
                scores = model(torch.cat([left, right]))
                loss_fn(scores[: len(chunk)], scores[len(chunk) :], target).item()
        seconds["validation"] += time.perf_counter() - t

    seconds["total"] = time.perf_counter() - start
    result = {k: round(v, 3) for k, v in seconds.items()}
    result.update(steps=steps, probeGradients=probes, threads=torch.get_num_threads(), torch=torch.__version__)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
