/** Indexes below this many are kept as bits: at most a megabyte, for a population of 8 M users. */
const MAX_BITS = 1 << 23;

/**
 * A set of non-negative integers (user indexes), as a bitmap grown to fit for those below
 * MAX_BITS and a `Set` for the rest: a run counts each session's user once, and a `Set` of a
 * large population rehashed as it grew and missed the cache on every session start (about
 * 2 % of the default scenario's time). A bitmap as large as the largest index would not do for
 * a population of 900 M (user-behavior): 112 MB.
 */
export class IndexSet {
  private words: Uint32Array = new Uint32Array(64);
  private bits = 0;
  private readonly large = new Set<number>();

  get size(): number {
    return this.bits + this.large.size;
  }

  add(index: number): void {
    if (index >= MAX_BITS) {
      this.large.add(index);
      return;
    }
    const at = index >>> 5;
    let words = this.words;
    if (at >= words.length) words = this.grow(at);
    const bit = 1 << (index & 31);
    if ((words[at] & bit) === 0) {
      words[at] |= bit;
      this.bits++;
    }
  }

  clear(): void {
    this.words.fill(0);
    this.bits = 0;
    this.large.clear();
  }

  private grow(at: number): Uint32Array {
    let length = this.words.length;
    while (length <= at) length *= 2;
    const grown = new Uint32Array(length);
    grown.set(this.words);
    this.words = grown;
    return grown;
  }
}
