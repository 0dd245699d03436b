import { Sym } from '../engine/sym.js';

/**
 * Low-level writers into a caller's buffer. Each returns the new offset; callers make
 * sure there is room (records are bounded by `maxRecordBytes` before encoding starts).
 */

const textEncoder = new TextEncoder();

/**
 * Texts longer than this are copied by TextEncoder#encodeInto, whose native loop outruns a
 * JavaScript one over each character (JSON documents, user agents); shorter ones by a loop.
 */
export const NATIVE_COPY_LENGTH = 64;

export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7e) return false;
  return true;
}

export function utf8(text: string): Uint8Array {
  return textEncoder.encode(text);
}

/** Copies short byte strings with a loop: cheaper than `set` for the 2–20 byte fragments of a record. */
export function writeBytes(out: Uint8Array, offset: number, bytes: Uint8Array): number {
  const n = bytes.length;
  if (n > 8) {
    out.set(bytes, offset);
    return offset + n;
  }
  for (let i = 0; i < n; i++) out[offset + i] = bytes[i]!;
  return offset + n;
}

/** Writes a string as UTF-8; the fast path covers printable ASCII. */
export function writeText(out: Uint8Array, offset: number, text: string): number {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7e) return offset + i + textEncoder.encodeInto(text.slice(i), out.subarray(offset + i)).written;
    out[offset + i] = c;
  }
  return offset + n;
}

/** Writes a non-negative integer below 2^53 in decimal. */
export function writeUint(out: Uint8Array, offset: number, value: number): number {
  if (value < 1e8) return writeSmallUint(out, offset, value);
  // Epoch milliseconds have 13 digits: two halves in 32-bit arithmetic, not 13 float divisions.
  const high = Math.floor(value / 1e8);
  const o = writeSmallUint(out, offset, high);
  let low = value - high * 1e8;
  for (let i = o + 7; i >= o; i--) {
    const q = (low / 10) | 0;
    out[i] = 48 + (low - q * 10);
    low = q;
  }
  return o + 8;
}

/** An integer below 10^8. */
function writeSmallUint(out: Uint8Array, offset: number, value: number): number {
  let v = value | 0;
  const digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : v < 1000000 ? 6 : v < 10000000 ? 7 : 8;
  for (let i = offset + digits - 1; i >= offset; i--) {
    const q = (v / 10) | 0;
    out[i] = 48 + (v - q * 10);
    v = q;
  }
  return offset + digits;
}

/** Writes a number as JSON writes it (integers and short decimals through fast paths, others via String). */
export function writeNumber(out: Uint8Array, offset: number, value: number): number {
  if (Number.isSafeInteger(value)) {
    if (value >= 0) return writeUint(out, offset, value);
    out[offset] = 45; // '-'
    return writeUint(out, offset + 1, -value);
  }
  if (!Number.isFinite(value)) return writeText(out, offset, 'null');
  const decimal = writeShortDecimal(out, offset, value);
  return decimal >= 0 ? decimal : writeText(out, offset, String(value));
}

const SCALES = [10, 100, 1000, 10000];
/**
 * Below this, decimals with as many places as a scale are at least four units in the last
 * place apart: no other text of as many places, or fewer, reads back as the same number.
 */
const DECIMAL_LIMIT = 2 ** 50;

/**
 * A number with at most four decimal places (prices, coordinates) as String writes it, or -1.
 * When m / 10^k equals the number for an integer m, the number is the double nearest to that
 * decimal, and (see DECIMAL_LIMIT) that decimal is the shortest text that reads back as it:
 * which is what String gives, in fixed notation for this range.
 */
function writeShortDecimal(out: Uint8Array, offset: number, value: number): number {
  for (let k = 0; k < SCALES.length; k++) {
    const scale = SCALES[k];
    const scaled = Math.round(value * scale);
    if (scaled / scale !== value) continue;
    if (scaled >= DECIMAL_LIMIT || scaled <= -DECIMAL_LIMIT) return -1;
    let o = offset;
    let m = scaled;
    if (m < 0) {
      out[o++] = 45; // '-'
      m = -m;
    }
    const whole = Math.floor(m / scale);
    o = writeUint(out, o, whole);
    out[o++] = 46; // '.'
    let fraction = m - whole * scale;
    // k + 1 places, the last non-zero (else a smaller scale had matched).
    for (let i = o + k; i >= o; i--) {
      const q = Math.floor(fraction / 10);
      out[i] = 48 + (fraction - q * 10);
      fraction = q;
    }
    return o + k + 1;
  }
  return -1;
}

/** The text of a value for CSV, templates and keys. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (value instanceof Sym) return value.text;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
