import { ConcurrencyGate } from './concurrency-gate';

describe('ConcurrencyGate', () => {
  it('runs at most `limit` tasks at once, the rest in arrival order, and frees its place on failure', async () => {
    const gate = new ConcurrencyGate(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const task = (n: number, fail = false) =>
      gate.run(async () => {
        active++;
        peak = Math.max(peak, active);
        order.push(n);
        await new Promise<void>((resolve) => releases.push(resolve));
        active--;
        if (fail) throw new Error(`task ${n}`);
        return n;
      });
    const results = [task(1, true), task(2), task(3), task(4)].map((p) => p.catch((e: Error) => e.message));
    await new Promise((r) => setImmediate(r));
    expect([order, gate.queued]).toEqual([[1, 2], 2]);
    while (releases.length) {
      releases.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(results)).toEqual(['task 1', 2, 3, 4]);
    expect([peak, order, gate.queued]).toEqual([2, [1, 2, 3, 4], 0]);
  });

  it('gives a place back once however often its release is called', async () => {
    const gate = new ConcurrencyGate(1);
    const release = await gate.acquire();
    let second = false;
    const next = gate.acquire().then((r) => ((second = true), r));
    release();
    release();
    await next;
    let third = false;
    void gate.acquire().then(() => (third = true));
    await new Promise((r) => setImmediate(r));
    expect([second, third, gate.queued]).toEqual([true, false, 1]);
  });
});
