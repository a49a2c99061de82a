import { remembered } from './remembered';

describe('remembered', () => {
  it('computes a key once, and again only after the bound forgot everything', () => {
    const calls: string[] = [];
    const length = remembered((key: string) => (calls.push(key), key.length), 2);
    expect([length('a'), length('bb'), length('a')]).toEqual([1, 2, 1]);
    expect(calls).toEqual(['a', 'bb']);
    length('ccc'); // the third key: the two kept are forgotten first
    length('a');
    expect(calls).toEqual(['a', 'bb', 'ccc', 'a']);
  });
});
