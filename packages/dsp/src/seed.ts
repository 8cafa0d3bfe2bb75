/**
 * The project's default seed, owned here because dsp is the lowest package that draws random
 * numbers (synthetic recordings, the stratified split). The model (weights, pairs), the trainer
 * and the CLI import it, so that a library call and a CLI run with no seed give the same run.
 */
export const DEFAULT_SEED = 42;
