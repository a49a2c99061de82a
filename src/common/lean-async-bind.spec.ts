import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { installLeanAsyncBind } from './lean-async-bind';

describe('the lean AsyncResource#bind', () => {
  const original = AsyncResource.prototype.bind;
  let replaced: boolean;

  beforeAll(() => {
    replaced = installLeanAsyncBind();
  });

  afterAll(() => {
    AsyncResource.prototype.bind = original;
  });

  it('is installed on this runtime (Node 20 builds the deprecated accessors) and only once', () => {
    expect(process.versions.node.split('.')[0]).toBe('20');
    expect(replaced).toBe(true);
    const lean = AsyncResource.prototype.bind;
    expect(installLeanAsyncBind()).toBe(true);
    expect(AsyncResource.prototype.bind).toBe(lean);
  });

  it('runs the bound function in the async context it was bound in, wherever it is called from', async () => {
    const store = new AsyncLocalStorage<string>();
    const bound = store.run('bound here', () => AsyncResource.bind(() => store.getStore()));
    const seen = await store.run('called from elsewhere', () => new Promise((resolve) => setTimeout(() => resolve(bound()), 1)));
    expect(seen).toBe('bound here');
    expect(store.run('caller', () => AsyncResource.bind(() => store.getStore())())).toBe('caller');
  });

  it("passes the caller's this and the arguments, or binds thisArg, and returns what the function returns", () => {
    function describeCall(this: { name?: string } | undefined, a: number, b: number) {
      return `${this?.name ?? 'none'}:${a + b}`;
    }
    const resource = new AsyncResource('test');
    const loose = resource.bind(describeCall);
    expect(loose.call({ name: 'caller' }, 1, 2)).toBe('caller:3');
    // thisArg: in Node's API, not in its typings.
    const fixed = (resource.bind as (fn: typeof describeCall, thisArg: unknown) => typeof describeCall)(describeCall, { name: 'fixed' });
    expect(fixed.call({ name: 'caller' }, 2, 3)).toBe('fixed:5');
    expect(() => resource.bind('not a function' as unknown as () => void)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
  });

  it('keeps the length of the function and names its resource, as the runtime did', () => {
    const resource = new AsyncResource('test');
    const bound = resource.bind((a: number, b: number) => a + b) as ((a: number, b: number) => number) & { asyncResource: AsyncResource };
    expect(bound.length).toBe(2);
    expect(bound.asyncResource).toBe(resource);
    expect(Object.keys(bound)).toEqual(['asyncResource']);
  });
});
