import type { OnlineNoiseScaleSummary, ProbeAnalysis } from '@ranker/grad-analysis';
import type { RunOptions } from './options.js';

/**
 * Messages between the UI thread and the training worker. The worker sends numbers and
 * ProbeAnalysis results, never gradients (they are megabytes per batch).
 */
export type RunEvent =
  | {
      type: 'started';
      runId: string;
      runDir: string;
      backend: string;
      backendReason: string;
      dataset: string; // human description
      trainSamples: number;
      validationSamples: number;
      batchesPerEpoch: number;
      epochs: number;
      startEpoch: number; // > 1 when resuming
      probeEpochs: number[];
    }
  | { type: 'log'; line: string }
  | {
      type: 'batchEnd';
      epoch: number;
      step: number;
      batchIndex: number;
      loss: number;
      gradientNormSquared: number;
    }
  | { type: 'probeStart'; epoch: number; batches: number }
  | { type: 'probeBatch'; epoch: number; batchIndex: number }
  | {
      type: 'probeAnalysis';
      epoch: number;
      analysis: ProbeAnalysis;
      training: OnlineNoiseScaleSummary | null;
      file: string;
    }
  | {
      type: 'epochEnd';
      epoch: number;
      trainLoss: number;
      validationLoss: number;
      pairwiseAccuracy: number;
      spearman: number;
      seconds: number; // train + validation + probe wall time of the epoch
    }
  | { type: 'paused'; step: number }
  | { type: 'resumed'; step: number }
  | { type: 'report'; path: string; partial: boolean }
  | {
      type: 'runEnd';
      status: 'completed' | 'interrupted' | 'failed';
      epochsCompleted: number;
      error?: string;
    }
  | { type: 'fatal'; code: string; message: string };

export interface WorkerData {
  options: RunOptions;
}
