/** Integers below this are counted exactly. */
const EXACT = 4096;
/** Width of a logarithmic bucket: values within 1% share one, so quantiles are within 0.5%. */
const GAMMA = 1.01;
const LOG_GAMMA = Math.log(GAMMA);
/** Bucket 0 holds values up to 1e-6; the last one holds values from about 1e15. */
const OFFSET = Math.ceil(-Math.log(1e-6) / LOG_GAMMA);
const BUCKETS = OFFSET + Math.ceil(Math.log(1e15) / LOG_GAMMA);

export interface Summary {
  count: number;
  mean: number;
  min: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  p99: number;
  max: number;
}

/**
 * A bounded-memory distribution of non-negative numbers for quantiles: integers below
 * 4096 exactly, everything else in 1%-wide logarithmic buckets (the reported quantile is
 * the bucket's geometric middle, clamped to the observed range). Exact count, sum,
 * minimum and maximum, and moments of the logarithm for log-normal fits.
 */
export class Histogram {
  private readonly exact = new Float64Array(EXACT);
  private readonly log = new Float64Array(BUCKETS);
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  /** Count, sum and sum of squares of ln(value) over positive values. */
  private logCount = 0;
  private logSum = 0;
  private logSquares = 0;

  add(value: number): void {
    if (!(value >= 0) || value === Infinity) return;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value > 0) {
      const l = Math.log(value);
      this.logCount++;
      this.logSum += l;
      this.logSquares += l * l;
    }
    if (value < EXACT && Number.isInteger(value)) this.exact[value]++;
    else this.log[bucketOf(value)]++;
  }

  get mean(): number {
    return this.count === 0 ? NaN : this.sum / this.count;
  }

  /** Standard deviation of ln(value) over positive values: the σ of a log-normal fit. */
  get sigmaLog(): number {
    if (this.logCount < 2) return NaN;
    const mean = this.logSum / this.logCount;
    return Math.sqrt(Math.max(0, this.logSquares / this.logCount - mean * mean));
  }

  /** The nearest-rank quantile: the smallest value with at least q of the values at or below it. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    // Exact integers and logarithmic buckets interleave by value: walk both in order.
    let e = 0;
    let b = 0;
    for (;;) {
      while (e < EXACT && this.exact[e] === 0) e++;
      while (b < BUCKETS && this.log[b] === 0) b++;
      const exactNext = e < EXACT;
      const logNext = b < BUCKETS;
      if (!exactNext && !logNext) return this.max;
      // A bucket reports its middle, so it is ordered by its middle among exact integers.
      const takeExact = exactNext && (!logNext || e <= bucketMiddle(b));
      if (takeExact) {
        seen += this.exact[e];
        if (seen >= rank) return e;
        e++;
      } else {
        seen += this.log[b];
        if (seen >= rank) return Math.min(this.max, Math.max(this.min, bucketMiddle(b)));
        b++;
      }
    }
  }

  summary(): Summary {
    return {
      count: this.count,
      mean: this.mean,
      min: this.count === 0 ? NaN : this.min,
      p25: this.quantile(0.25),
      p50: this.quantile(0.5),
      p75: this.quantile(0.75),
      p90: this.quantile(0.9),
      p99: this.quantile(0.99),
      max: this.count === 0 ? NaN : this.max,
    };
  }

  /** Counts of integer values 0..limit-1 and of everything at or above `limit` (for bar charts of small counts). */
  integerCounts(limit: number): { counts: number[]; rest: number } {
    const counts = Array.from(this.exact.subarray(0, Math.min(limit, EXACT)));
    let rest = this.count;
    for (const c of counts) rest -= c;
    return { counts, rest };
  }

  /** Counts between consecutive `edges` (the last bin is open-ended), by bucket: within the buckets' 1% resolution. */
  binCounts(edges: readonly number[]): number[] {
    const bins = new Array<number>(edges.length).fill(0);
    const binOf = (v: number): number => {
      let i = edges.length - 1;
      while (i > 0 && v < edges[i]) i--;
      return i;
    };
    this.exact.forEach((c, v) => {
      if (c > 0) bins[binOf(v)] += c;
    });
    this.log.forEach((c, b) => {
      if (c > 0) bins[binOf(bucketMiddle(b))] += c;
    });
    return bins;
  }
}

function bucketOf(value: number): number {
  if (value <= 0) return 0;
  const b = Math.floor(Math.log(value) / LOG_GAMMA) + OFFSET;
  return b < 0 ? 0 : b >= BUCKETS ? BUCKETS - 1 : b;
}

function bucketMiddle(b: number): number {
  return Math.exp((b - OFFSET + 0.5) * LOG_GAMMA);
}
