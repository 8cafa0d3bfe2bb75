/**
 * A point-region quadtree over 2-D points with each cell's centre of mass, for the Barnes–Hut
 * approximation of t-SNE's repulsive forces (van der Maaten 2014, §4.2). Rebuilt every iteration
 * into buffers kept between builds (no allocation once they are large enough). Leaves hold a
 * linked list of points so coincident points stop the subdivision at MAX_DEPTH instead of
 * recursing forever.
 */

/**
 * The non-empty cells in depth-first pre-order, for a stackless traversal: a cell's first child is
 * the next entry, and `skip[p]` is the entry after its whole subtree. `summary` holds, per entry,
 * centre of mass x, y, width² and point count. A leaf with one point has width² 0 (its summary *is*
 * the point, exact at any distance); `head` is a leaf's first point, −1 for inner cells. A leaf
 * holds up to LEAF_CAPACITY points (more only at MAX_DEPTH, for coincident points).
 */
export interface FlatQuadtree {
  cells: number;
  summary: Float64Array;
  head: Int32Array;
  skip: Int32Array;
  next: Int32Array; // next point in the same leaf
}

const MAX_DEPTH = 48;
/** Points a leaf holds before it splits (summed exactly when the leaf is opened). */
const LEAF_CAPACITY = 8;

export interface QuadtreeBuilder {
  /** Builds the tree of y (N·2, row-major); the result's arrays are reused by the next build. */
  build(y: Float64Array): FlatQuadtree;
}

export function createQuadtreeBuilder(n: number): QuadtreeBuilder {
  let tree = allocate(4 * n + 16, n);
  return {
    build(y: Float64Array): FlatQuadtree {
      // A cluster of very close points can need more cells than expected: grow and start over.
      while (!fill(tree, y, n)) tree = allocate(2 * tree.capacity, n);
      return flatten(tree);
    },
  };
}

/** Pointer tree and flat output in one set of buffers; children at firstChild … firstChild + 3. */
interface Buffers {
  capacity: number;
  nodes: number;
  size: Float64Array;
  cornerX: Float64Array;
  cornerY: Float64Array;
  centreX: Float64Array;
  centreY: Float64Array;
  count: Int32Array;
  firstChild: Int32Array;
  leafHead: Int32Array;
  subtree: Int32Array; // non-empty cells in the node's subtree
  stack: Int32Array;
  flat: FlatQuadtree;
}

function allocate(capacity: number, n: number): Buffers {
  return {
    capacity,
    nodes: 0,
    size: new Float64Array(capacity),
    cornerX: new Float64Array(capacity),
    cornerY: new Float64Array(capacity),
    centreX: new Float64Array(capacity),
    centreY: new Float64Array(capacity),
    count: new Int32Array(capacity),
    firstChild: new Int32Array(capacity),
    leafHead: new Int32Array(capacity),
    subtree: new Int32Array(capacity),
    stack: new Int32Array(capacity),
    flat: {
      cells: 0,
      summary: new Float64Array(4 * capacity),
      head: new Int32Array(capacity),
      skip: new Int32Array(capacity),
      next: new Int32Array(n),
    },
  };
}

/** Inserts every point; false when the buffers are too small (nothing else is changed then). */
function fill(t: Buffers, y: Float64Array, n: number): boolean {
  const { size, cornerX, cornerY, centreX, centreY, count, firstChild, leafHead, capacity } = t;
  const next = t.flat.next;
  const create = (node: number, width: number, x: number, y0: number) => {
    size[node] = width;
    cornerX[node] = x;
    cornerY[node] = y0;
    centreX[node] = 0;
    centreY[node] = 0;
    count[node] = 0;
    firstChild[node] = -1;
    leafHead[node] = -1;
  };
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const px = y[2 * i];
    const py = y[2 * i + 1];
    if (px < minX) minX = px;
    if (px > maxX) maxX = px;
    if (py < minY) minY = py;
    if (py > maxY) maxY = py;
  }
  create(0, Math.max(maxX - minX, maxY - minY) * (1 + 1e-9) + 1e-12, minX, minY);
  let nodes = 1;
  for (let p = 0; p < n; p++) {
    const px = y[2 * p];
    const py = y[2 * p + 1];
    let node = 0;
    for (let depth = 0; ; depth++) {
      count[node]++;
      centreX[node] += px;
      centreY[node] += py;
      if (firstChild[node] < 0) {
        if (count[node] <= LEAF_CAPACITY || depth >= MAX_DEPTH) {
          next[p] = leafHead[node];
          leafHead[node] = p;
          break;
        }
        // A full leaf: split it and move its points into the right children.
        if (nodes + 4 > capacity) return false;
        const half = size[node] / 2;
        for (let c = 0; c < 4; c++) {
          create(
            nodes + c,
            half,
            cornerX[node] + (c & 1 ? half : 0),
            cornerY[node] + (c & 2 ? half : 0),
          );
        }
        firstChild[node] = nodes;
        nodes += 4;
        for (let q = leafHead[node]; q >= 0; ) {
          const following = next[q];
          const child =
            firstChild[node] +
            quadrant(y[2 * q], y[2 * q + 1], cornerX[node] + half, cornerY[node] + half);
          count[child]++;
          centreX[child] += y[2 * q];
          centreY[child] += y[2 * q + 1];
          next[q] = leafHead[child];
          leafHead[child] = q;
          q = following;
        }
        leafHead[node] = -1;
      }
      const half = size[node] / 2;
      node = firstChild[node] + quadrant(px, py, cornerX[node] + half, cornerY[node] + half);
    }
  }
  t.nodes = nodes;
  return true;
}

/** Centres of mass, subtree sizes, then the pre-order flat arrays. */
function flatten(t: Buffers): FlatQuadtree {
  const { centreX, centreY, count, firstChild, leafHead, size, subtree, stack, flat } = t;
  // Children have larger indices than their parent: one backward pass sizes every subtree.
  for (let node = t.nodes - 1; node >= 0; node--) {
    let cells = count[node] > 0 ? 1 : 0;
    const child = firstChild[node];
    if (child >= 0) {
      cells += subtree[child] + subtree[child + 1] + subtree[child + 2] + subtree[child + 3];
    }
    subtree[node] = cells;
    if (count[node] > 0) {
      centreX[node] /= count[node];
      centreY[node] /= count[node];
    }
  }
  const { summary, head, skip } = flat;
  let cells = 0;
  let top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const node = stack[--top];
    const p = cells++;
    const child = firstChild[node];
    const single = child < 0 && count[node] === 1;
    summary[4 * p] = centreX[node];
    summary[4 * p + 1] = centreY[node];
    summary[4 * p + 2] = single ? 0 : size[node] * size[node];
    summary[4 * p + 3] = count[node];
    head[p] = child < 0 ? leafHead[node] : -1;
    skip[p] = p + subtree[node];
    if (child >= 0) {
      for (let c = child + 3; c >= child; c--) if (count[c] > 0) stack[top++] = c;
    }
  }
  flat.cells = cells;
  return flat;
}

function quadrant(x: number, y: number, midX: number, midY: number): number {
  return (x >= midX ? 1 : 0) | (y >= midY ? 2 : 0);
}
