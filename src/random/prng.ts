/**
 * Seeded pseudo-random streams: xoshiro128** seeded through splitmix32.
 *
 * Every session, user and catalog draws from its own stream, derived by hashing
 * (seed, domain, index). Streams are independent of each other, so the output of a
 * session never depends on how many other sessions ran before it, on batching or on
 * worker threads. Owning the generator (instead of a library) keeps the bytes stable
 * across dependency upgrades.
 */

/** Stream domains: a stream is identified by (seed, domain, index). */
export const Domain = {
  session: 1,
  user: 2,
  arrivals: 3,
  catalog: 4,
  delivery: 5,
  pool: 6,
} as const;

function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO_POW_32 = 4294967296;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    // xoshiro's state must not be all zero.
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = (a | b | c | d) === 0 ? 1 : d | 0;
  }

  /**
   * Next 32 random bits as an unsigned integer. The state is read once into locals and the
   * rotations written out: the smaller bytecode lets the optimizing compiler inline this into
   * the engine's step, whose inlining budget the other calls nearly use up.
   */
  nextU32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c ^ a;
    const d = this.d ^ b;
    const times5 = Math.imul(b, 5);
    this.a = a ^ d;
    this.b = b ^ c;
    this.c = c ^ (b << 9);
    this.d = (d << 11) | (d >>> 21);
    return Math.imul((times5 << 7) | (times5 >>> 25), 9) >>> 0;
  }

  /** Uniform double in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextU32() / TWO_POW_32;
  }

  /** Uniform double in (0, 1]: safe to take the logarithm of. */
  nextOpen(): number {
    return (this.nextU32() + 1) / TWO_POW_32;
  }

  /** Uniform integer in [0, n) for n up to 2^32 (multiply-shift; bias below 2^-32 * n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/**
 * The stream for (seed, domain, index). `seed` and `index` are integers in [0, 2^53).
 * Cheap enough to call once per session (and once per arrival in every shard of a run).
 *
 * Each of the four state words is its own hash chain over every input, started from a
 * different constant. One 32-bit chain would make streams of different domains line up
 * (index i of one domain equal to index i ^ D of another); four independent chains only
 * coincide by chance, about once in 2^128. The chains take the domain and the seed first,
 * so that part is computed once per (seed, domain) and each stream hashes only its index.
 */
export function streamFor(seed: number, domain: number, index: number): Rng {
  const prefix = prefixOf(seed, domain);
  const indexLo = index >>> 0;
  const indexHi = Math.floor(index / TWO_POW_32) >>> 0;
  return new Rng(
    splitmix32(splitmix32(prefix.a ^ indexLo) ^ indexHi),
    splitmix32(splitmix32(prefix.b ^ indexLo) ^ indexHi),
    splitmix32(splitmix32(prefix.c ^ indexLo) ^ indexHi),
    splitmix32(splitmix32(prefix.d ^ indexLo) ^ indexHi),
  );
}

/** The four chains after the domain and the seed. */
interface ChainPrefix {
  readonly seed: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
}

/** By domain: a run uses a handful of domains, and mostly one seed. */
const prefixes = new Map<number, ChainPrefix>();

function prefixOf(seed: number, domain: number): ChainPrefix {
  const cached = prefixes.get(domain);
  if (cached !== undefined && cached.seed === seed) return cached;
  const seedLo = seed >>> 0;
  const seedHi = Math.floor(seed / TWO_POW_32) >>> 0;
  const chain = (start: number): number => splitmix32(splitmix32(splitmix32(start ^ domain) ^ seedLo) ^ seedHi);
  const prefix = { seed, a: chain(0x243f6a88), b: chain(0x85a308d3), c: chain(0x13198a2e), d: chain(0x03707344) };
  // Domains derived from names are many only in odd scenarios; keep the map small anyway.
  if (prefixes.size >= 4096) prefixes.clear();
  prefixes.set(domain, prefix);
  return prefix;
}

/** A 32-bit hash of a string, to derive stream domains from names (field names, pools). */
export function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}
