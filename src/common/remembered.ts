/**
 * A pure function of a string, its answers remembered: at most `max` of them, then all forgotten at
 * once (hot paths ask the same few thousand keys again and again; the bound keeps memory flat).
 */
export function remembered<T>(compute: (key: string) => T, max: number): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      if (known.size >= max) known.clear();
      value = compute(key);
      known.set(key, value);
    }
    return value;
  };
}
