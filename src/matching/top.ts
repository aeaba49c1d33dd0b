/** The keys of the `n` best entries, best first. */
export function topOf<V>(entries: Iterable<[number, V]>, score: (v: V) => number, n: number): number[] {
  // One pass keeping the n best in order: there can be thousands of targets.
  const best: [number, number][] = [];
  for (const [key, value] of entries) {
    const s = score(value);
    if (best.length === n && s <= best[n - 1]![1]) continue;
    let i = best.length;
    while (i > 0 && best[i - 1]![1] < s) i--;
    best.splice(i, 0, [key, s]);
    if (best.length > n) best.pop();
  }
  return best.map(([key]) => key);
}
