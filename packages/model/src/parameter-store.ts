import * as tf from '@tensorflow/tfjs-core';

/**
 * The trainable weights in two forms: one flat Float32Array (what Adam updates in place, in
 * parameter-layout order) and one tfjs variable per tensor (what the forward pass reads).
 *
 * On the `cpu` backend a tensor made from a Float32Array keeps that very array as its storage,
 * so each variable is made from a view into the flat array: Adam's in-place update is the new
 * variable value, with no copy and no new tensors per step. Other backends copy the data into
 * their own memory (wasm heap, GPU), so {@link commit} uploads one new tensor per variable.
 * (wasm could not share anyway: XNNPACK caches each convolution's packed filter by tensor id.)
 */
export class ParameterStore {
  /** All weights, flat; variable i is values[offsets[i], offsets[i] + sizes[i]). */
  readonly values: Float32Array;
  readonly variables: tf.Variable[];
  /** true: the variables read `values` directly (cpu backend); commit() has nothing to do. */
  readonly shared: boolean;
  private readonly offsets: number[] = [];
  private readonly sizes: number[];
  private readonly shapes: number[][];

  /**
   * `initial[i]` fills variable i (shape `shapes[i]`, tfjs name `names[i]`). Variables are
   * created on the current backend.
   */
  constructor(shapes: number[][], names: string[], initial: Float32Array[]) {
    this.shapes = shapes;
    this.sizes = shapes.map((shape) => shape.reduce((a, b) => a * b, 1));
    let total = 0;
    for (const size of this.sizes) {
      this.offsets.push(total);
      total += size;
    }
    // Shared, so that Adam can update it from two threads (adam-loop.ts).
    this.values = new Float32Array(new SharedArrayBuffer(4 * total));
    initial.forEach((values, i) => {
      this.values.set(values, this.offsets[i]);
    });
    const onCpu = tf.getBackend() === 'cpu';
    this.variables = shapes.map((shape, i) => {
      // A view on cpu (the tensor adopts it), a private copy elsewhere.
      const data = onCpu ? this.segment(this.values, i) : this.copyForUpload(i);
      const initialTensor = tf.tensor(data, shape);
      const variable = tf.variable(initialTensor, true, names[i]);
      initialTensor.dispose();
      return variable;
    });
    // Checked rather than assumed: a cpu backend that copied on write would silently train
    // on stale weights.
    this.shared =
      onCpu &&
      this.variables.every((v, i) => {
        const data = tf.backend().readSync(v.dataId) as Float32Array;
        return data.buffer === this.values.buffer && data.byteOffset === 4 * this.offsets[i];
      });
  }

  /** Variable i's part of any flat array in this layout (weights, gradients, moments): a view. */
  segment(flat: Float32Array, index: number): Float32Array {
    const offset = this.offsets[index];
    return flat.subarray(offset, offset + this.sizes[index]);
  }

  /** Makes the variables hold {@link values} after they were changed in place. */
  commit(): void {
    if (this.shared) return;
    tf.tidy(() => {
      this.variables.forEach((variable, i) => {
        variable.assign(tf.tensor(this.copyForUpload(i), this.shapes[i]));
      });
    });
  }

  /**
   * wasm copies a new tensor's data into its heap at once, so a view is enough there; other
   * backends (webgpu) may keep the array until first use, by which time Adam changed it.
   */
  private copyForUpload(index: number): Float32Array {
    return tf.getBackend() === 'wasm'
      ? this.segment(this.values, index)
      : this.segment(this.values, index).slice();
  }

  dispose(): void {
    tf.dispose(this.variables);
  }
}
