import type { Rng } from '../random/prng.js';

const DIGITS = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);
/** The text is assembled here and read out as one flat string: joining ten pieces made a rope that every writer had to flatten. */
const scratch = Buffer.alloc(36, 45);

function hex(n: number, at: number, digits: number): void {
  for (let i = at + digits - 1; i >= at; i--) {
    scratch[i] = DIGITS[n & 15];
    n >>>= 4;
  }
}

/** `aaaaaaaa-bbbb-bbbb-cccc-ccccdddddddd` from four 32-bit words, as given (version and variant bits already set). */
export function uuidText(a: number, b: number, c: number, d: number): string {
  hex(a, 0, 8);
  hex(b >>> 16, 9, 4);
  hex(b & 0xffff, 14, 4);
  hex(c >>> 16, 19, 4);
  hex(c & 0xffff, 24, 4);
  hex(d, 28, 8);
  return scratch.toString('latin1', 0, 36);
}

/** A version-4 UUID drawn from a seeded stream (so it is reproducible, unlike crypto.randomUUID). */
export function formatUuid(rng: Rng): string {
  const a = rng.nextU32();
  const b = (rng.nextU32() & 0xffff0fff) | 0x00004000; // version 4
  const c = (rng.nextU32() & 0x3fffffff) | 0x80000000; // RFC 4122 variant
  return uuidText(a, b, c, rng.nextU32());
}
