import type { OnlineNoiseScaleSummary, ProbeAnalysis } from '@ranker/grad-analysis';
import type { RunTimings } from './run-timings.js';

/**
 * What an experiment reports while it runs: numbers and ProbeAnalysis results, never gradients
 * (megabytes per batch), so every event can cross a thread or process boundary as it is.
 */
export type ExperimentEvent =
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
      type: 'audit';
      file: string;
      /** Training recordings audited, and how many the detector flagged. */
      audited: number;
      flagged: number;
      /** The most suspicious first (at most 20), as audit.json ranks them. */
      recordings: AuditEventRecording[];
    }
  | {
      type: 'runEnd';
      status: 'completed' | 'interrupted' | 'failed';
      epochsCompleted: number;
      error?: string;
      timings?: RunTimings; // where this process's wall time went; absent when the worker died
    }
  | { type: 'fatal'; code: string; message: string };

/** What a subscriber (terminal, sweep worker) may ask of a running experiment. */
export type ExperimentCommand = 'pause' | 'resume' | 'stop' | 'report';

/** One recording of an 'audit' event: rank 1 is the most suspicious. */
export interface AuditEventRecording {
  id: string;
  /** File to listen to ('synthetic:<seed> <id>' for generated data). */
  source: string;
  /** Detector score: mean oriented robust z (robust SDs); flagged at ≥ the detector threshold. */
  score: number;
  rank: number;
  flagged: boolean;
}
