import type { Rng } from '../random/prng.js';
import { Sym } from './sym.js';

const DIGITS = new Uint8Array([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);
const DASH = 45;
const QUOTE = 34;

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

/** The two digits of each byte, the first in the low 8 bits: one table read per byte instead of two. */
const PAIRS = new Uint16Array(256).map((_, byte) => DIGITS[byte >>> 4] | (DIGITS[byte & 15] << 8));

/**
 * Writes the four digits of a 16-bit group at `o`, two per table read: a UUID's 32 digits
 * took 50 ns a UUID read one by one and 30 ns in pairs (a loop of its own), and were about
 * 5 % of shop's instructions.
 */
function writeGroup(out: Uint8Array, o: number, group: number): void {
  const high = PAIRS[group >>> 8];
  const low = PAIRS[group & 255];
  out[o] = high;
  out[o + 1] = high >>> 8;
  out[o + 2] = low;
  out[o + 3] = low >>> 8;
}

/**
 * A UUID as its bits, with its text made on first use. Event ids are drawn per event, and
 * NDJSON, CSV, TSV and Avro write their digits straight from the bits (`writeQuoted`,
 * `writeDigits`): making the text first (`String.fromCharCode` of 36 codes) and copying it out
 * again a character at a time cost about 170 ns per id, the bits written directly about 65.
 * Every other consumer reads `text`, as of any Sym.
 *
 * The bits are kept in eight 16-bit groups, the 8-4-4-4-12 layout's own unit, so that each
 * is a small integer: a 32-bit word above 2^30 would be a heap number in a field.
 */
export class Uuid extends Sym {
  /** Made per event (or per session): encoders keep no bytes on it. */
  override readonly keepsBytes = false;
  private made: string | null = null;
  private readonly g0: number;
  private readonly g1: number;
  private readonly g2: number;
  private readonly g3: number;
  private readonly g4: number;
  private readonly g5: number;
  private readonly g6: number;
  private readonly g7: number;

  /** From four 32-bit words, as `uuidText` takes them (version and variant bits already set). */
  constructor(a: number, b: number, c: number, d: number) {
    super(null);
    this.g0 = a >>> 16;
    this.g1 = a & 0xffff;
    this.g2 = b >>> 16;
    this.g3 = b & 0xffff;
    this.g4 = c >>> 16;
    this.g5 = c & 0xffff;
    this.g6 = d >>> 16;
    this.g7 = d & 0xffff;
  }

  /** The text, made on first use (see the accessor defined below the class). */
  makeText(): string {
    return (this.made ??= uuidText((this.g0 << 16) | this.g1, (this.g2 << 16) | this.g3, (this.g4 << 16) | this.g5, (this.g6 << 16) | this.g7));
  }

  /** Writes the 36 characters of `8-4-4-4-12` at `o`; returns the offset after them. */
  writeDigits(out: Uint8Array, o: number): number {
    writeGroup(out, o, this.g0);
    writeGroup(out, o + 4, this.g1);
    out[o + 8] = DASH;
    writeGroup(out, o + 9, this.g2);
    out[o + 13] = DASH;
    writeGroup(out, o + 14, this.g3);
    out[o + 18] = DASH;
    writeGroup(out, o + 19, this.g4);
    out[o + 23] = DASH;
    writeGroup(out, o + 24, this.g5);
    writeGroup(out, o + 28, this.g6);
    writeGroup(out, o + 32, this.g7);
    return o + 36;
  }

  /** Writes `"8-4-4-4-12"`, quotes included (38 bytes), at `o`; returns the offset after it. */
  writeQuoted(out: Uint8Array, o: number): number {
    out[o] = QUOTE;
    out[this.writeDigits(out, o + 1)] = QUOTE;
    return o + 38;
  }
}

// `text` as an accessor on the prototype: Sym declares it without defining it, so a Uuid has no
// own `text` to hide this one (TypeScript has no syntax for overriding a declared property with
// an accessor).
Object.defineProperty(Uuid.prototype, 'text', {
  get(this: Uuid): string {
    return this.makeText();
  },
});

/** A version-4 UUID drawn from a seeded stream (so it is reproducible, unlike crypto.randomUUID). */
export function drawUuid(rng: Rng): Uuid {
  const a = rng.nextU32();
  const b = (rng.nextU32() & 0xffff0fff) | 0x00004000; // version 4
  const c = (rng.nextU32() & 0x3fffffff) | 0x80000000; // RFC 4122 variant
  return new Uuid(a, b, c, rng.nextU32());
}
