const resets: (() => void)[] = [];

/**
 * `compute`, worked out once per argument object. Many rules ask for the same derived view (a pod's
 * containers, the namespaces of a scan); the views are read-only, so they are shared, and a WeakMap
 * lets them go with the objects they were made from.
 */
export function oncePer<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  let cache = new WeakMap<K, V>();
  resets.push(() => {
    cache = new WeakMap();
  });
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as V;
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}

/**
 * Drops every view worked out so far. The engine calls it once a file's objects are checked: the
 * objects live on for the corpus rules, and views kept for all of them until the end of a large
 * scan cost more to carry through garbage collection than to work out again.
 */
export function forgetViews(): void {
  for (const reset of resets) reset();
}
