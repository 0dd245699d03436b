/** Distinct values kept exactly up to this many; beyond it, a Bloom filter. */
const EXACT_LIMIT = 1_000_000;
/** 2^27 bits (16 MiB) and 7 hashes: about 0.2% false positives at 10 million users. */
const BLOOM_BITS = 2 ** 27;
const HASHES = 7;

/**
 * Remembers which values (user ids) were seen, in bounded memory: exactly while there
 * are fewer than a million, then in a Bloom filter, where a new value is taken for a seen
 * one with a small, known probability. `exact` says which applies.
 */
export class SeenSet {
  private values: Set<string> | null = new Set();
  private bloom: Uint32Array | null = null;
  /** Values added that were not seen before (exact, or a slight undercount with the Bloom filter). */
  size = 0;

  get exact(): boolean {
    return this.values !== null;
  }

  /** Adds `value`; returns whether it had been seen before. */
  addSeen(value: string): boolean {
    if (this.values !== null) {
      if (this.values.has(value)) return true;
      this.values.add(value);
      this.size++;
      if (this.values.size > EXACT_LIMIT) this.toBloom();
      return false;
    }
    const seen = this.bloomAdd(value);
    if (!seen) this.size++;
    return seen;
  }

  private toBloom(): void {
    this.bloom = new Uint32Array(BLOOM_BITS / 32);
    for (const v of this.values!) this.bloomAdd(v);
    this.values = null;
  }

  /** Sets the value's bits; returns whether all were already set. */
  private bloomAdd(value: string): boolean {
    const bloom = this.bloom!;
    // Double hashing from two 32-bit FNV-1a variants.
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    h2 |= 1;
    let all = true;
    for (let k = 0; k < HASHES; k++) {
      const bit = (h1 + Math.imul(k, h2)) >>> 0 & (BLOOM_BITS - 1);
      const word = bit >>> 5;
      const mask = 1 << (bit & 31);
      if ((bloom[word] & mask) === 0) {
        all = false;
        bloom[word] |= mask;
      }
    }
    return all;
  }
}
