/**
 * `compute`, worked out once per argument object. Many rules ask for the same derived view (a pod's
 * containers, the namespaces of a scan); the views are read-only, so they are shared, and a WeakMap
 * lets them go with the objects they were made from.
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
