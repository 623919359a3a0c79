/**
 * Results that depend only on one class's partition (and the school file, and a few arguments)
 * are remembered while the store keeps handing out the same partition object: the store is
 * copy-on-write, so a changed class is a new object and its old results are forgotten with it.
 * A warm page (the dashboard, then a report) does not fold every student's documents again.
 */
const cache = new WeakMap<object, Map<string, { school: object; value: unknown }>>();

export function remember<T>(data: object, school: object, key: string, compute: () => T): T {
  let byKey = cache.get(data);
  if (!byKey) cache.set(data, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit && hit.school === school) return hit.value as T;
  const value = compute();
  if (byKey.size > 64) byKey.clear();
  byKey.set(key, { school, value });
  return value;
}
