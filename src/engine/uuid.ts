import type { Rng } from '../random/prng.js';

const DIGITS = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);
const DASH = 45;

/** The hexadecimal digit (its char code) of `word` at bit `shift`. */
function digit(word: number, shift: number): number {
  return DIGITS[(word >>> shift) & 15];
}

/**
 * `aaaaaaaa-bbbb-bbbb-cccc-ccccdddddddd` from four 32-bit words, as given (version and variant
 * bits already set). One `String.fromCharCode` call makes the flat string at once: writing the
 * digits into a buffer and reading it out with `Buffer#toString` cost about twice as much, and
 * joining pieces made a rope that every writer had to flatten.
 */
export function uuidText(a: number, b: number, c: number, d: number): string {
  return String.fromCharCode(
    digit(a, 28), digit(a, 24), digit(a, 20), digit(a, 16), digit(a, 12), digit(a, 8), digit(a, 4), digit(a, 0), DASH,
    digit(b, 28), digit(b, 24), digit(b, 20), digit(b, 16), DASH,
    digit(b, 12), digit(b, 8), digit(b, 4), digit(b, 0), DASH,
    digit(c, 28), digit(c, 24), digit(c, 20), digit(c, 16), DASH,
    digit(c, 12), digit(c, 8), digit(c, 4), digit(c, 0),
    digit(d, 28), digit(d, 24), digit(d, 20), digit(d, 16), digit(d, 12), digit(d, 8), digit(d, 4), digit(d, 0),
  );
}

/** A version-4 UUID drawn from a seeded stream (so it is reproducible, unlike crypto.randomUUID). */
export function formatUuid(rng: Rng): string {
  const a = rng.nextU32();
  const b = (rng.nextU32() & 0xffff0fff) | 0x00004000; // version 4
  const c = (rng.nextU32() & 0x3fffffff) | 0x80000000; // RFC 4122 variant
  return uuidText(a, b, c, rng.nextU32());
}
