/**
 * The candidate closest to a mistyped name, for "did you mean" hints: within a third of the
 * name's length in edits (at least 2, but fewer than the name has letters: "zz" is not a
 * typo of "a"), else the one candidate the name abbreviates (`expo`, three letters or more),
 * else undefined.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.min(Math.max(2, Math.floor(name.length / 3)), name.length - 1);
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best ?? abbreviated(name, candidates);
}

/** The only candidate that begins with `name`, for a name of three letters or more. */
function abbreviated(name: string, candidates: readonly string[]): string | undefined {
  if (name.length < 3) return undefined;
  const prefix = name.toLowerCase();
  const matches = candidates.filter((candidate) => candidate.toLowerCase().startsWith(prefix));
  return matches.length === 1 ? matches[0] : undefined;
}

/** ` (did you mean "x"?)`, or nothing without a close candidate. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const match = closest(name, candidates);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}
