/**
 * A point-region quadtree over 2-D points with each cell's centre of mass, for the Barnes–Hut
 * approximation of t-SNE's repulsive forces (van der Maaten 2014, §4.2). Flat typed arrays, rebuilt
 * every iteration. Leaves hold a linked list of points so coincident points stop the subdivision at
 * MAX_DEPTH instead of recursing forever.
 */
export interface Quadtree {
  nodes: number;
  size: Float64Array; // cell width
  count: Int32Array; // points in the cell
  centreX: Float64Array; // centre of mass
  centreY: Float64Array;
  firstChild: Int32Array; // index of 4 consecutive children, −1 for a leaf
  head: Int32Array; // first point of a leaf's list, −1 if none
  next: Int32Array; // next point in the same leaf (per point)
}

const MAX_DEPTH = 48;

export function buildQuadtree(y: Float64Array, n: number): Quadtree {
  let capacity = 4 * n + 16;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, y[2 * i]);
    maxX = Math.max(maxX, y[2 * i]);
    minY = Math.min(minY, y[2 * i + 1]);
    maxY = Math.max(maxY, y[2 * i + 1]);
  }
  const width = Math.max(maxX - minX, maxY - minY) * (1 + 1e-9) + 1e-12;
  let t = allocate(capacity, n);
  const cornerX: { data: Float64Array } = { data: new Float64Array(capacity) };
  const cornerY: { data: Float64Array } = { data: new Float64Array(capacity) };
  let nodes = 1;
  cornerX.data[0] = minX;
  cornerY.data[0] = minY;
  t.size[0] = width;

  for (let p = 0; p < n; p++) {
    const px = y[2 * p];
    const py = y[2 * p + 1];
    let node = 0;
    for (let depth = 0; ; depth++) {
      t.count[node]++;
      t.centreX[node] += px;
      t.centreY[node] += py;
      if (t.firstChild[node] < 0) {
        if (t.head[node] < 0 || depth >= MAX_DEPTH) {
          t.next[p] = t.head[node];
          t.head[node] = p;
          break;
        }
        if (nodes + 4 > capacity) {
          capacity *= 2;
          t = grow(t, capacity);
          cornerX.data = growArray(cornerX.data, capacity);
          cornerY.data = growArray(cornerY.data, capacity);
        }
        const first = nodes;
        nodes += 4;
        const half = t.size[node] / 2;
        for (let c = 0; c < 4; c++) {
          t.size[first + c] = half;
          cornerX.data[first + c] = cornerX.data[node] + (c & 1 ? half : 0);
          cornerY.data[first + c] = cornerY.data[node] + (c & 2 ? half : 0);
        }
        t.firstChild[node] = first;
        const q = t.head[node];
        t.head[node] = -1;
        const child =
          first +
          quadrant(y[2 * q], y[2 * q + 1], cornerX.data[node] + half, cornerY.data[node] + half);
        t.count[child] = 1;
        t.centreX[child] = y[2 * q];
        t.centreY[child] = y[2 * q + 1];
        t.head[child] = q;
        t.next[q] = -1;
      }
      const half = t.size[node] / 2;
      node =
        t.firstChild[node] + quadrant(px, py, cornerX.data[node] + half, cornerY.data[node] + half);
    }
  }
  for (let node = 0; node < nodes; node++) {
    if (t.count[node] > 0) {
      t.centreX[node] /= t.count[node];
      t.centreY[node] /= t.count[node];
    }
  }
  t.nodes = nodes;
  return t;
}

function quadrant(x: number, y: number, midX: number, midY: number): number {
  return (x >= midX ? 1 : 0) | (y >= midY ? 2 : 0);
}

function allocate(capacity: number, n: number): Quadtree {
  return {
    nodes: 0,
    size: new Float64Array(capacity),
    count: new Int32Array(capacity),
    centreX: new Float64Array(capacity),
    centreY: new Float64Array(capacity),
    firstChild: new Int32Array(capacity).fill(-1),
    head: new Int32Array(capacity).fill(-1),
    next: new Int32Array(n).fill(-1),
  };
}

function grow(t: Quadtree, capacity: number): Quadtree {
  const g = allocate(capacity, 0);
  g.size.set(t.size);
  g.count.set(t.count);
  g.centreX.set(t.centreX);
  g.centreY.set(t.centreY);
  g.firstChild.set(t.firstChild);
  g.head.set(t.head);
  g.next = t.next;
  return g;
}

function growArray(a: Float64Array, capacity: number): Float64Array {
  const g = new Float64Array(capacity);
  g.set(a);
  return g;
}

/**
 * The non-empty cells in depth-first pre-order, for a stackless traversal: a cell's first child is
 * the next entry, and `skip[p]` is the entry after its whole subtree. `summary` holds, per entry,
 * centre of mass x, y, width² and point count; `head` is the leaf's first point (−1 for inner cells).
 */
export interface FlatQuadtree {
  cells: number;
  summary: Float64Array;
  head: Int32Array;
  skip: Int32Array;
  next: Int32Array; // next point in the same leaf
}

export function flattenQuadtree(tree: Quadtree): FlatQuadtree {
  const { size, count, centreX, centreY, firstChild } = tree;
  const summary = new Float64Array(4 * tree.nodes);
  const head = new Int32Array(tree.nodes);
  const skip = new Int32Array(tree.nodes);
  const stack: number[] = [0];
  const parents: number[] = []; // pre-order indices still waiting for their skip pointer
  const depthOf: number[] = [0];
  let cells = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    const depth = depthOf.pop()!;
    // Every open cell at this depth or deeper has its subtree complete: close it.
    while (parents.length > depth) skip[parents.pop()!] = cells;
    const p = cells++;
    summary[4 * p] = centreX[node];
    summary[4 * p + 1] = centreY[node];
    summary[4 * p + 2] = size[node] * size[node];
    summary[4 * p + 3] = count[node];
    const child = firstChild[node];
    head[p] = child < 0 ? tree.head[node] : -1;
    parents.push(p);
    if (child >= 0) {
      for (let c = child + 3; c >= child; c--) {
        if (count[c] > 0) {
          stack.push(c);
          depthOf.push(depth + 1);
        }
      }
    }
  }
  while (parents.length > 0) skip[parents.pop()!] = cells;
  return { cells, summary, head, skip, next: tree.next };
}
