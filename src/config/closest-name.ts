/**
 * "Did you mean …?" for likely typos: the known name within a small edit distance of what the
 * admin wrote (case-insensitive), or undefined when nothing is close enough to be a typo.
 */
export function closestName(written: string, known: readonly string[]): string | undefined {
  const target = written.toLowerCase();
  // One edit per three letters, at least one, at most three: "rul" → "rule", not "x" → "owner".
  const allowed = Math.min(3, Math.max(1, Math.floor(written.length / 3)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    // Lengths further apart than the allowed edits cannot match: skipping them keeps a
    // 100,000-character value from costing minutes of edit distances against every time zone.
    if (Math.abs(name.length - written.length) > allowed) continue;
    const distance = editDistance(target, name.toLowerCase());
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return bestDistance <= allowed ? best : undefined;
}

/** Damerau–Levenshtein (optimal string alignment): a swap of two letters counts as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number) => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i += 1) d[i * cols] = i;
  for (let j = 0; j < cols; j += 1) d[j] = j;
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = value;
    }
  }
  return at(a.length, b.length);
}
