// "did you mean X?" hints, as BuildKit's util/suggest offers them for unknown names.

/** Edit distance where swapping two neighbours counts once (FORM -> FROM is 1). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidate within a small edit distance (case-insensitive unless told), if any. */
export function suggest(value: string, candidates: readonly string[], caseSensitive = false): string | undefined {
  const v = caseSensitive ? value : value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(v, caseSensitive ? c : c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  // A third of the word may differ (FORM -> FROM, platfrom -> platform), at most 2 edits.
  const limit = Math.min(2, Math.max(1, Math.floor(v.length / 3)));
  return bestDistance > 0 && bestDistance <= limit ? best : undefined;
}

export function didYouMean(value: string, candidates: readonly string[], caseSensitive = false): string {
  const s = suggest(value, candidates, caseSensitive);
  return s === undefined ? '' : ` (did you mean ${s}?)`;
}
