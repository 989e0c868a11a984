/**
 * Puts `value` under `key` as the most recently used entry of `map`, first dropping the least
 * recently used one when the map is full (a Map iterates in the order entries were set).
 */
export function keepRecent<K, V>(map: Map<K, V>, key: K, value: V, capacity: number): void {
  map.delete(key)
  if (map.size >= capacity) map.delete(map.keys().next().value as K)
  map.set(key, value)
}
