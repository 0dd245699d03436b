/** How concentrated product views are. */
export interface Popularity {
  distinct: number;
  views: number;
  top_1pct_share: number;
  top_20pct_share: number;
  /** Slope of ln(views) against ln(rank), negated: the Zipf exponent of a rank-frequency fit. */
  zipf_exponent: number | null;
  /** Views by rank (1-based) at roughly logarithmic steps, for charts. */
  rank_views: [number, number][];
}

/** Products with fewer views than this are left out of the Zipf fit, where counting noise dominates. */
const FIT_MIN_VIEWS = 5;

export function popularity(views: ReadonlyMap<string, number>): Popularity | null {
  if (views.size === 0) return null;
  const counts = Float64Array.from(views.values()).sort().reverse();
  const total = counts.reduce((a, b) => a + b, 0);
  const top = (share: number): number => {
    const n = Math.max(1, Math.ceil(counts.length * share));
    let sum = 0;
    for (let i = 0; i < n; i++) sum += counts[i];
    return sum / total;
  };
  return {
    distinct: counts.length,
    views: total,
    top_1pct_share: top(0.01),
    top_20pct_share: top(0.2),
    zipf_exponent: zipfFit(counts),
    rank_views: rankSteps(counts),
  };
}

/** Least-squares slope of ln(count) on ln(rank) over the ranks with at least FIT_MIN_VIEWS views. */
export function zipfFit(sorted: Float64Array): number | null {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < sorted.length && sorted[i] >= FIT_MIN_VIEWS; i++) {
    const x = Math.log(i + 1);
    const y = Math.log(sorted[i]);
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  if (n < 10) return null;
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return -slope;
}

function rankSteps(sorted: Float64Array): [number, number][] {
  const out: [number, number][] = [];
  let rank = 1;
  while (rank <= sorted.length) {
    out.push([rank, sorted[rank - 1]]);
    rank = Math.max(rank + 1, Math.round(rank * 1.25));
  }
  if (out[out.length - 1][0] !== sorted.length) out.push([sorted.length, sorted[sorted.length - 1]]);
  return out;
}
