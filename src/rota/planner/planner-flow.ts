/**
 * Dinic's maximum flow on integer capacities, with typed arrays and an iterative search (no
 * recursion, so long alternating paths cannot overflow the stack). Augmenting from the current
 * residual state lets callers raise capacities and continue, or snapshot and restore a state.
 * Arcs come in pairs: arc e and its reverse e ^ 1; the flow on a forward arc is cap[e ^ 1].
 */
export class FlowNetwork {
  private readonly headOf: Int32Array;
  private to: Int32Array;
  private nextArc: Int32Array;
  private cap: Int32Array;
  private arcCount = 0;
  private readonly level: Int32Array;
  private readonly current: Int32Array;
  private readonly queue: Int32Array;
  private readonly pathNodes: Int32Array;
  private readonly pathArcs: Int32Array;

  constructor(
    readonly nodeCount: number,
    expectedArcs = 16,
  ) {
    this.headOf = new Int32Array(nodeCount).fill(-1);
    const size = Math.max(2, expectedArcs * 2);
    this.to = new Int32Array(size);
    this.nextArc = new Int32Array(size);
    this.cap = new Int32Array(size);
    this.level = new Int32Array(nodeCount);
    this.current = new Int32Array(nodeCount);
    this.queue = new Int32Array(nodeCount);
    this.pathNodes = new Int32Array(nodeCount + 1);
    this.pathArcs = new Int32Array(nodeCount + 1);
  }

  /** Adds u -> v with the capacity and returns the forward arc's index. */
  addArc(u: number, v: number, capacity: number): number {
    if (this.arcCount + 2 > this.to.length) this.grow();
    const e = this.arcCount;
    this.link(e, u, v, capacity);
    this.link(e + 1, v, u, 0);
    this.arcCount += 2;
    return e;
  }

  flowOn(arc: number): number {
    return this.cap[arc ^ 1];
  }

  residual(arc: number): number {
    return this.cap[arc];
  }

  /** Sets the capacity of a forward arc, keeping its flow (which must not exceed the capacity). */
  setCapacity(arc: number, capacity: number): void {
    this.cap[arc] = capacity - this.cap[arc ^ 1];
  }

  /** Moves `amount` units of flow off a forward arc (the caller keeps conservation). */
  pushBack(arc: number, amount: number): void {
    this.cap[arc] += amount;
    this.cap[arc ^ 1] -= amount;
  }

  /** Forward arcs leaving a node (even indexes), in insertion order reversed. */
  *arcsFrom(node: number): Generator<number> {
    for (let e = this.headOf[node]; e !== -1; e = this.nextArc[e]) if ((e & 1) === 0) yield e;
  }

  target(arc: number): number {
    return this.to[arc];
  }

  snapshot(): Int32Array {
    return this.cap.slice(0, this.arcCount);
  }

  restore(state: Int32Array): void {
    this.cap.set(state);
  }

  /** Augments from the current flow to a maximum flow and returns the flow added. */
  maxFlow(source: number, sink: number): number {
    let total = 0;
    while (this.buildLevels(source, sink)) {
      for (let v = 0; v < this.nodeCount; v++) this.current[v] = this.headOf[v];
      for (let pushed = this.augment(source, sink); pushed > 0; pushed = this.augment(source, sink)) total += pushed;
    }
    return total;
  }

  private link(e: number, u: number, v: number, capacity: number): void {
    this.to[e] = v;
    this.cap[e] = capacity;
    this.nextArc[e] = this.headOf[u];
    this.headOf[u] = e;
  }

  private grow(): void {
    const size = this.to.length * 2;
    const resize = (a: Int32Array): Int32Array => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.to = resize(this.to);
    this.nextArc = resize(this.nextArc);
    this.cap = resize(this.cap);
  }

  private buildLevels(source: number, sink: number): boolean {
    this.level.fill(-1);
    this.level[source] = 0;
    let read = 0;
    let write = 0;
    this.queue[write++] = source;
    while (read < write) {
      const u = this.queue[read++];
      if (u === sink) continue;
      for (let e = this.headOf[u]; e !== -1; e = this.nextArc[e]) {
        const v = this.to[e];
        if (this.cap[e] > 0 && this.level[v] < 0) {
          this.level[v] = this.level[u] + 1;
          this.queue[write++] = v;
        }
      }
    }
    return this.level[sink] >= 0;
  }

  /** Finds one path in the level graph (iteratively) and pushes its bottleneck. */
  private augment(source: number, sink: number): number {
    const { pathNodes: nodes, pathArcs: arcs, cap, level, current, nextArc, to } = this;
    let depth = 0;
    nodes[0] = source;
    while (depth >= 0) {
      const u = nodes[depth];
      if (u === sink) {
        let pushed = Infinity;
        for (let i = 0; i < depth; i++) pushed = Math.min(pushed, cap[arcs[i]]);
        for (let i = 0; i < depth; i++) {
          cap[arcs[i]] -= pushed;
          cap[arcs[i] ^ 1] += pushed;
        }
        return pushed;
      }
      let e = current[u];
      while (e !== -1 && !(cap[e] > 0 && level[to[e]] === level[u] + 1)) e = nextArc[e];
      current[u] = e;
      if (e !== -1) {
        arcs[depth] = e;
        nodes[++depth] = to[e];
        continue;
      }
      level[u] = -1;
      depth--;
      if (depth >= 0) current[nodes[depth]] = nextArc[current[nodes[depth]]];
    }
    return 0;
  }
}
