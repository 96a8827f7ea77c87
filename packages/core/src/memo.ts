const slots: (() => void)[] = [];

/**
 * `compute`, remembered for the last argument only. Rules ask for derived views (a pod's containers,
 * its security contexts) of the object being checked, one object after another, and the corpus rules
 * for views of the one list of objects they share: one slot catches nearly every repeat, costs no
 * WeakMap, and keeps nothing alive past the next object (or the end of the scan: `forgetViews`).
 * Views are read-only, so they are shared. Meant for module-level functions: each registers a slot.
 */
export function lastOf<K, V>(compute: (key: K) => V): (key: K) => V {
  let lastKey: K | undefined;
  let lastValue: V | undefined;
  let filled = false;
  slots.push(() => {
    lastKey = undefined;
    lastValue = undefined;
    filled = false;
  });
  return (key) => {
    if (!filled || key !== lastKey) {
      lastValue = compute(key);
      lastKey = key;
      filled = true;
    }
    return lastValue as V;
  };
}

/** Empties every `lastOf` slot, so nothing of a finished scan stays reachable through them. */
export function forgetViews(): void {
  for (const empty of slots) empty();
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
