// One value per object, built on first use and kept while the object lives: for tables compiled from catalogue data
// (the catalogue is loaded, validated and then only read, so identity stands for content).
export function memoByIdentity<K extends object, V>(build: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) cache.set(key, (v = build(key)));
    return v;
  };
}
