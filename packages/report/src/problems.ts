/**
 * A defect found in the run directory. Reading never throws on bad content: each defect becomes
 * a Problem, the affected part is left out and the report is marked partial. Problems are data
 * (no prose) so the report can state them in its own language.
 */
export type ProblemKind =
  | 'missing-file' // file absent or unreadable
  | 'invalid-json' // not parseable (e.g. a bare NaN, which JSON does not allow)
  | 'invalid-field' // present but of the wrong type or value
  | 'missing-field'
  | 'epoch-mismatch' // probes/epoch-NNN.json whose `epoch` is not NNN
  | 'run-not-completed' // state.json status is not 'completed'
  | 'probe-missing' // an analysis epoch the run completed has no valid probe (field: its epoch)
  | 'no-probes'; // no usable probes/epoch-NNN.json

/** What a field should have held; each has a phrase in every language. */
export type Expectation =
  | 'finite-number'
  | 'positive-integer'
  | 'positive-number'
  | 'interval-kind'
  | 'null-high'
  | 'computation-path'
  | 'string'
  | 'object'
  | 'array'
  | 'boolean'
  | 'square-matrix'
  | 'points-2d'
  | 'probability'
  | 'json-object'
  | 'run-status';

export interface Problem {
  kind: ProblemKind;
  /** Path relative to the run directory, e.g. 'probes/epoch-005.json'. */
  file: string;
  /** Dotted path inside the file, e.g. 'probe.noiseScale.bSimple', or 'line 7'. */
  field?: string;
  expected?: Expectation;
  /** Short rendering of the offending value or parser message. */
  got?: string;
}
