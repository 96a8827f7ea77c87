/**
 * `compute`, remembered for the last argument only. Rules ask for derived views (a pod's containers,
 * its security contexts) of the object being checked, one object after another, and the corpus rules
 * for views of the one list of objects they share: one slot catches nearly every repeat, costs no
 * WeakMap, and keeps nothing alive past the next object. Views are read-only, so they are shared.
 */
export function lastOf<K, V>(compute: (key: K) => V): (key: K) => V {
  let lastKey: K | undefined;
  let lastValue: V | undefined;
  let filled = false;
  return (key) => {
    if (!filled || key !== lastKey) {
      lastValue = compute(key);
      lastKey = key;
      filled = true;
    }
    return lastValue as V;
  };
}

/**
 * `compute`, worked out once per argument object, for values derived from configuration (glob
 * matchers of an allow-list): few keys, each asked for again and again in any order.
 */
export function oncePer<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new WeakMap<K, V>();
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V;
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}
