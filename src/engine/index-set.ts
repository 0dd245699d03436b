/**
 * A set of small non-negative integers (user indexes) as a bitmap grown to fit: a run counts
 * each session's user once, and a `Set` of a population of users rehashed as it grew, about 2 %
 * of the default scenario's time. A user index is below the population's size, so the bitmap
 * is an eighth of a byte per user.
 */
export class IndexSet {
  private words: Uint32Array = new Uint32Array(64);
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(index: number): void {
    const at = index >>> 5;
    let words = this.words;
    if (at >= words.length) words = this.grow(at);
    const bit = 1 << (index & 31);
    if ((words[at] & bit) === 0) {
      words[at] |= bit;
      this.count++;
    }
  }

  clear(): void {
    this.words.fill(0);
    this.count = 0;
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
