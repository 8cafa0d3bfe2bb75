// tsne-js 1.0.3 ships no types; the subset the cross-check test uses.
declare module 'tsne-js' {
  export default class TSNE {
    constructor(options: {
      dim: number;
      perplexity: number;
      earlyExaggeration: number;
      learningRate: number;
      nIter: number;
      metric: string;
    });
    init(options: { data: number[][]; type: 'dense' }): void;
    run(): [number, number];
    getOutput(): number[][];
  }
}
