import { FlowNetwork } from './planner-flow';

describe('FlowNetwork (Dinic)', () => {
  it('finds the maximum flow of a textbook network (CLRS figure 26.1: 23)', () => {
    const net = new FlowNetwork(6);
    const arcs: [number, number, number][] = [
      [0, 1, 16],
      [0, 2, 13],
      [2, 1, 4],
      [1, 3, 12],
      [3, 2, 9],
      [2, 4, 14],
      [4, 3, 7],
      [3, 5, 20],
      [4, 5, 4],
    ];
    for (const [u, v, c] of arcs) net.addArc(u, v, c);
    expect(net.maxFlow(0, 5)).toBe(23);
    expect(net.maxFlow(0, 5)).toBe(0);
  });

  it('continues from the current flow when a capacity is raised, and restores a snapshot', () => {
    const net = new FlowNetwork(4, 1);
    const a = net.addArc(0, 1, 5);
    const b = net.addArc(1, 3, 2);
    net.addArc(0, 2, 1);
    net.addArc(2, 3, 1);
    expect(net.maxFlow(0, 3)).toBe(3);
    const before = net.snapshot();
    net.setCapacity(b, 4);
    expect(net.maxFlow(0, 3)).toBe(2);
    expect(net.flowOn(a)).toBe(4);
    net.restore(before);
    expect(net.flowOn(a)).toBe(2);
    expect(net.residual(b)).toBe(0);
  });

  it('reroutes along long alternating paths without recursion', () => {
    const n = 20_000;
    const net = new FlowNetwork(n + 2);
    for (let i = 0; i < n; i++) net.addArc(i, i + 1, 1);
    net.addArc(n, n + 1, 1);
    expect(net.maxFlow(0, n + 1)).toBe(1);
  });
});
